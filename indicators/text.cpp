#include "indicators/text.h"

#include <cstdio>

#include "indicators/i18n.h"
#include "indicators/utf8.h"

namespace jixiao {
namespace {

std::string CodePointName(char32_t c) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(c));
  return buf;
}

}  // namespace

std::string_view TextFieldName(TextField field) {
  switch (field) {
    case TextField::kProjectName:
      return Tr("project name");
    case TextField::kIndicatorName:
      return Tr("indicator name");
    case TextField::kAuthor:
      return Tr("author");
    case TextField::kReason:
      return Tr("reason");
    case TextField::kDeviation:
      return Tr("deviation text");
    case TextField::kUnit:
      return Tr("unit or department");
    case TextField::kExplanation:
      return Tr("explanation");
  }
  return Tr("text");
}

bool IsControlCharacter(char32_t c) {
  return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x2028 || c == 0x2029 ||
         (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

std::optional<Error> CheckFreeText(TextField field, std::string_view text) {
  const std::string name(TextFieldName(field));
  if (!utf8::Valid(text)) {
    return Error("bad-encoding", TrF("the {} is not UTF-8 text: write it again as UTF-8", name));
  }
  std::size_t chars = 0;
  for (std::size_t i = 0, len = 0; i < text.size(); i += len, ++chars) {
    const char32_t c = utf8::Decode(text, i, &len);
    if (c == '\t' && (field == TextField::kReason || field == TextField::kExplanation)) continue;
    if (IsControlCharacter(c)) {
      return Error("control-character",
                   TrF("the {} holds the control character {} at character {}: write it on one "
                       "line, without control characters",
                       name, CodePointName(c), chars + 1));
    }
  }
  if (chars > kMaxFreeTextChars) {
    return Error("too-long",
                 TrF("the {} has {} characters; the limit of every free-text field is {}: "
                     "shorten it",
                     name, chars, kMaxFreeTextChars));
  }
  return std::nullopt;
}

std::string EscapeControls(std::string_view text, bool keep_tabs) {
  std::string out;
  out.reserve(text.size());
  char buf[16];
  for (std::size_t i = 0, len = 0; i < text.size(); i += len) {
    const char32_t c = utf8::Decode(text, i, &len);
    const bool invalid = c == 0xFFFD && len != 3;
    if (invalid) {
      std::snprintf(buf, sizeof buf, "\\x%02X", static_cast<unsigned char>(text[i]));
      out += buf;
    } else if (!IsControlCharacter(c) || (c == '\t' && keep_tabs)) {
      out.append(text.substr(i, len));
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x80) {
      std::snprintf(buf, sizeof buf, "\\x%02X", static_cast<unsigned>(c));
      out += buf;
    } else {
      std::snprintf(buf, sizeof buf, "\\u{%04X}", static_cast<unsigned>(c));
      out += buf;
    }
  }
  return out;
}

}  // namespace jixiao
