#include "indicators/yaml_reader.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <sstream>

#include "indicators/i18n.h"
#include "indicators/utf8.h"
#include "indicators/value.h"

namespace jixiao {
namespace {

// Deepest nesting of [ and { accepted: a project file needs 2 (a flow-style indicator), yaml-cpp
// recurses once per level, and its own guard (2000 levels) answers only "bad file".
constexpr int kMaxFlowDepth = 64;

// YAML forbids tabs in indentation; yaml-cpp's own message for them is obscure.
void CheckTabs(const std::string& text, const std::string& file, Diagnostics* out) {
  int line = 1;
  bool at_start = true;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      ++line;
      at_start = true;
    } else if (at_start && c == '\t') {
      out->push_back(Diagnostic{Severity::kError, "yaml-tab", SourceLoc{file, line, 1},
                                Tr("tab in indentation: YAML indents with spaces only")});
      at_start = false;
    } else if (c != ' ') {
      at_start = false;
    }
  }
}

// The first [ or { nested deeper than kMaxFlowDepth (quotes are not followed: a false alarm needs
// dozens of unclosed brackets in plain text), or line 0.
SourceLoc DeepFlow(std::string_view text, const std::string& file) {
  int depth = 0, line = 1, column = 0;
  bool comment = false;
  char prev = '\n';
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++column;
    if (c == '\n') {
      ++line;
      column = 0;
      comment = false;
    } else if (!comment) {
      if (c == '#' && (prev == ' ' || prev == '\n' || prev == '\t')) {
        comment = true;
      } else if (c == '[' || c == '{') {
        if (++depth > kMaxFlowDepth) return SourceLoc{file, line, column};
      } else if ((c == ']' || c == '}') && depth > 0) {
        --depth;
      }
    }
    prev = c;
  }
  return SourceLoc{file, 0, 0};
}

// yaml-cpp 0.7 never returns from some malformed input: a ',' where a value should start
// (",", "- a\n, b", "!!map ,", '"x" ,') makes its parser create nodes without end (found by
// fuzz_loader). A first pass counts the parser's events and stops it once they outnumber what the
// text could hold; returns the line where it stopped, or 0 when the parse ends by itself.
class EventBudget : public YAML::EventHandler {
 public:
  struct Exhausted {};
  explicit EventBudget(std::size_t budget) : left_(budget) {}
  void OnDocumentStart(const YAML::Mark& m) override { Spend(m); }
  void OnDocumentEnd() override { Spend(last_); }
  void OnNull(const YAML::Mark& m, YAML::anchor_t) override { Spend(m); }
  void OnAlias(const YAML::Mark& m, YAML::anchor_t) override { Spend(m); }
  void OnScalar(const YAML::Mark& m, const std::string&, YAML::anchor_t,
                const std::string&) override {
    Spend(m);
  }
  void OnSequenceStart(const YAML::Mark& m, const std::string&, YAML::anchor_t,
                       YAML::EmitterStyle::value) override {
    Spend(m);
  }
  void OnSequenceEnd() override { Spend(last_); }
  void OnMapStart(const YAML::Mark& m, const std::string&, YAML::anchor_t,
                  YAML::EmitterStyle::value) override {
    Spend(m);
  }
  void OnMapEnd() override { Spend(last_); }
  const YAML::Mark& last() const { return last_; }

 private:
  void Spend(const YAML::Mark& m) {
    last_ = m;
    if (left_-- == 0) throw Exhausted{};
  }
  std::size_t left_;
  YAML::Mark last_;
};

int RunawayParseLine(const std::string& text) {
  // Every event needs a byte of its own but for implicit nulls and the ends of collections: four
  // per byte is far above anything a well-formed text produces.
  EventBudget budget(4 * text.size() + 1000);
  std::istringstream in(text);
  try {
    YAML::Parser parser(in);
    while (parser.HandleNextDocument(budget)) {
    }
  } catch (const EventBudget::Exhausted&) {
    return budget.last().line + 1;
  } catch (const YAML::Exception&) {
    // A syntax error: the real parse reports it.
  }
  return 0;
}

}  // namespace

namespace {

// What a conservative reading of YAML's flow structure (comments, quoted scalars, flow depth)
// finds in a text.
struct FlowScan {
  // Anything it does not follow exactly (block scalars, quotes or brackets in unexpected places,
  // a ',' outside [ ] { }, unbalanced text).
  bool may_run_away = false;
  // The byte offset of a quote that opens a value and is never closed, or npos.
  std::size_t unclosed_quote = std::string_view::npos;
  bool quote_in_flow = false;  // that quote is inside [ ] or { }
};

FlowScan ScanFlow(std::string_view text) {
  FlowScan scan;
  int depth = 0;
  char last = '\n';     // the last character that was not a space on this line ('\n': none)
  bool spaced = false;  // a space since `last`
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      last = '\n';
      spaced = false;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r') {
      spaced = true;
      continue;
    }
    // Where a scalar (or a collection) may start: line start, after "- ", ": ", "? " or, in flow,
    // after [ { ,.
    const bool start = last == '\n' || ((last == '-' || last == ':' || last == '?') && spaced) ||
                       (depth > 0 && (last == '[' || last == '{' || last == ','));
    if (c == '#' && (spaced || last == '\n')) {
      const std::size_t nl = text.find('\n', i);
      if (nl == std::string_view::npos) break;
      i = nl - 1;
      continue;
    }
    if (c == '"' || c == '\'') {
      if (!start) {
        if (depth > 0) {  // a quote inside a flow scalar: not followed here
          scan.may_run_away = true;
          return scan;
        }
      } else {
        std::size_t j = i + 1;
        for (; j < text.size(); ++j) {
          if (c == '"' && text[j] == '\\') {
            ++j;
          } else if (text[j] == c) {
            if (c == '\'' && j + 1 < text.size() && text[j + 1] == '\'') {
              ++j;  // '' inside a single-quoted scalar
            } else {
              break;
            }
          }
        }
        if (j >= text.size()) {  // unterminated
          scan.may_run_away = true;
          scan.unclosed_quote = i;
          scan.quote_in_flow = depth > 0;
          return scan;
        }
        i = j;
      }
    } else if (c == ',') {
      if (depth == 0) scan.may_run_away = true;  // what sends yaml-cpp 0.7 into its endless parse
    } else if (c == '[' || c == '{') {
      if (start || depth > 0) ++depth;
    } else if (c == ']' || c == '}') {
      if (depth > 0) {
        --depth;
      } else if (start) {
        scan.may_run_away = true;
      }
    } else if ((c == '|' || c == '>') && start) {
      scan.may_run_away = true;  // a block scalar: its lines are text, not followed here
      return scan;
    }
    last = c;
    spaced = false;
  }
  scan.may_run_away = scan.may_run_away || depth != 0;
  return scan;
}

// yaml-cpp reads a quoted value that is never closed up to the end of the file: at the end of a
// file it is accepted, elsewhere the rest of the file disappears into it. Said at the quote, with
// the value as it was probably meant.
Diagnostic UnclosedQuote(std::string_view text, const FlowScan& scan, const std::string& file) {
  const std::size_t at = scan.unclosed_quote;
  const char quote = text[at];
  const int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + at, '\n'));
  const SourceLoc loc = LocateMark(file, text, line - 1, 0, static_cast<int>(at));
  std::string_view rest = text.substr(at + 1);
  rest = rest.substr(0, rest.find('\n'));
  // The value ends at the line's end, or in [ ] and { } at the next , ] or }.
  if (scan.quote_in_flow) rest = rest.substr(0, rest.find_first_of(",]}"));
  if (const std::size_t comment = rest.find(" #"); comment != std::string_view::npos) {
    rest = rest.substr(0, comment);
  }
  const std::string value = Excerpt(TrimText(rest), 40);
  std::string message;
  if (value.empty()) {
    message =
        TrF("the quote {0} opened here is never closed, so the rest of the file would be "
            "read as this one value: close it with {0} where the value ends",
            quote);
  } else {
    message =
        TrF("the quote {0} opened here is never closed, so the rest of the file would be "
            "read as this one value: write {0}{1}{0} (or the value without quotes)",
            quote, value);
  }
  return Diagnostic{Severity::kError, "yaml-unclosed-quote", loc, message};  // i18n: translated
}

}  // namespace

bool MayRunAway(std::string_view text) { return ScanFlow(text).may_run_away; }

SourceLoc LocateMark(const std::string& file, std::string_view text, int line, int column,
                     int pos) {
  if (line < 0) return SourceLoc{file, 0, 0};
  if (pos < 0 || static_cast<std::size_t>(pos) > text.size()) {
    return SourceLoc{file, line + 1, column + 1};
  }
  const std::size_t at = static_cast<std::size_t>(pos);
  const std::size_t nl = at == 0 ? std::string_view::npos : text.rfind('\n', at - 1);
  const std::size_t start = nl == std::string_view::npos ? 0 : nl + 1;
  return SourceLoc{file, line + 1,
                   static_cast<int>(utf8::Length(text.substr(start, at - start))) + 1};
}

std::string CheckEncoding(std::string& text, int* line) {
  *line = 0;
  if (text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.erase(0, 3);
  if (text.size() >= 2 &&
      ((text[0] == '\xFF' && text[1] == '\xFE') || (text[0] == '\xFE' && text[1] == '\xFF'))) {
    return Tr("file is UTF-16: save it as UTF-8");
  }
  if (text.find('\0') != std::string::npos) {
    return Tr("file contains NUL bytes (UTF-16 or binary?): save it as UTF-8");
  }
  // Control characters other than tab, line ends and form feed: not a text file.
  const auto controls = std::count_if(text.begin(), text.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u < 0x20 && u != '\t' && u != '\n' && u != '\r' && u != '\f') || u == 0x7F;
  });
  if (controls > 0 && static_cast<std::size_t>(controls) * 100 >= text.size()) {
    return TrF(
        "file is not text ({} control characters: a binary file, or a spreadsheet saved in "
        "its own format?)",
        controls);
  }
  if (utf8::Valid(text)) return "";
  std::size_t bad = 0;
  for (std::size_t i = 0, len = 0; i < text.size(); i += len) {
    if (utf8::Decode(text, i, &len) == 0xFFFD && len != 3) {
      bad = i;
      break;
    }
  }
  *line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + bad, '\n'));
  // Among the bytes that are not UTF-8, GBK/GB18030 double-byte characters (a lead byte 0x81–0xFE
  // and a trail byte 0x40–0xFE): a file converted in part still names GBK, a stray Latin-1 é not.
  std::size_t pairs = 0, others = 0;
  for (std::size_t i = 0, len = 0; i < text.size(); i += len) {
    if (utf8::Decode(text, i, &len) != 0xFFFD || len == 3) continue;
    const auto a = static_cast<unsigned char>(text[i]);
    const auto b = i + 1 < text.size() ? static_cast<unsigned char>(text[i + 1]) : 0;
    if (a >= 0x81 && a <= 0xFE && b >= 0x40 && b <= 0xFE && b != 0x7F) {
      ++pairs;
      len = 2;
    } else {
      ++others;
    }
  }
  if (pairs > 0 && pairs * 10 >= (pairs + others) * 9) {
    return Tr(
        "file is not UTF-8; it looks like GBK/GB18030 (common from Chinese Windows software): "
        "convert it with `iconv -f GB18030 -t UTF-8`");
  }
  char byte[8];
  std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(text[bad]));
  return TrF(
      "file is not valid UTF-8 (byte {} is not UTF-8; Latin-1 or Windows-1252?): save it "
      "as UTF-8",
      byte);
}

Diagnostics PrecheckYaml(std::string& text, const std::string& filename, std::size_t max_bytes) {
  Diagnostics out;
  if (text.size() > max_bytes) {
    out.push_back(Diagnostic{Severity::kError, "too-large", SourceLoc{filename, 0, 0},
                             TrF("file is {} bytes; the limit is {} bytes ({} MiB)", text.size(),
                                 max_bytes, max_bytes >> 20)});
    return out;
  }
  int bad_line = 0;
  if (std::string enc = CheckEncoding(text, &bad_line); !enc.empty()) {
    out.push_back(Diagnostic{Severity::kError, "encoding", SourceLoc{filename, bad_line, 0}, enc});
    return out;
  }
  if (std::all_of(text.begin(), text.end(),
                  [](char c) { return std::isspace(static_cast<unsigned char>(c)); })) {
    out.push_back(
        Diagnostic{Severity::kError, "empty-file", SourceLoc{filename, 0, 0}, Tr("file is empty")});
    return out;
  }
  // A lone CR (classic Mac line ends) is a line break in YAML, but not to yaml-cpp: make it LF.
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n')) text[i] = '\n';
  }
  CheckTabs(text, filename, &out);
  if (HasErrors(out)) return out;
  if (const SourceLoc deep = DeepFlow(text, filename); deep.line > 0) {
    out.push_back(Diagnostic{Severity::kError, "too-deep", deep,
                             TrF("[ and {{ nested more than {} levels deep (a project file needs "
                                 "2): close them",
                                 kMaxFlowDepth)});
    return out;
  }
  const FlowScan scan = ScanFlow(text);
  if (scan.unclosed_quote != std::string_view::npos) {
    out.push_back(UnclosedQuote(text, scan, filename));
    return out;
  }
  // The guard parses the whole text once more: only where it may be needed.
  if (const int line = scan.may_run_away ? RunawayParseLine(text) : 0; line > 0) {
    out.push_back(Diagnostic{Severity::kError, "yaml-syntax", SourceLoc{filename, line, 0},
                             Tr("YAML syntax error: the parser cannot get past this line (a ',' "
                                "outside [ ] or { }? quote a value that starts with a comma)")});
  }
  return out;
}

std::optional<Diagnostic> TooLarge(std::size_t size, std::size_t max_bytes,
                                   const std::string& filename, std::string_view kind) {
  if (size <= max_bytes) return std::nullopt;
  return Diagnostic{Severity::kError, "too-large", SourceLoc{filename, 0, 0},
                    TrF("file is {} bytes; a {} file may have at most {} bytes ({} MiB)", size,
                        Tr(std::string(kind).c_str()), max_bytes, max_bytes >> 20)};
}

std::optional<std::string> ReadyYaml(std::string_view text, const std::string& filename,
                                     std::size_t max_bytes, std::string_view kind,
                                     Diagnostics* out) {
  if (auto big = TooLarge(text.size(), max_bytes, filename, kind)) {
    out->push_back(std::move(*big));
    return std::nullopt;
  }
  std::string input(text);
  Diagnostics found = PrecheckYaml(input, filename, max_bytes);
  out->insert(out->end(), found.begin(), found.end());
  if (HasErrors(found)) return std::nullopt;
  return input;
}

std::string Quoted(std::string_view text) { return "'" + Excerpt(text, 80) + "'"; }

// yaml-cpp's parser messages (yaml-cpp/exceptions.h, ErrorMsg), each its own message id so that
// it is shown translated; a message not listed here is shown as yaml-cpp wrote it.
constexpr const char* kYamlCppMessages[] = {
    N_("end of map not found"),
    N_("end of map flow not found"),
    N_("end of sequence not found"),
    N_("end of sequence flow not found"),
    N_("illegal map value"),
    N_("illegal map key"),
    N_("illegal block entry"),
    N_("illegal flow end"),
    N_("the referenced anchor is not defined"),
    N_("unexpected character in block scalar"),
    N_("illegal EOF in scalar"),
    N_("illegal character in scalar"),
    N_("illegal document indicator in scalar"),
    N_("unknown token"),
    N_("alias not found after *"),
    N_("anchor not found after &"),
};

std::string YamlCppMessage(const std::string& msg) {
  for (const char* known : kYamlCppMessages)
    if (msg == known) return Tr(known);
  return msg;
}

// yaml-cpp's messages name the symptom ("end of map not found") where it was noticed, often a
// line after the cause: show the line and say what usually causes it.
std::string SyntaxMessage(std::string_view text, const YAML::Exception& e) {
  std::string msg = TrF("YAML syntax error: {}", YamlCppMessage(e.msg));
  if (e.mark.line >= 0) {
    std::size_t start = 0;
    for (int l = 0; l < e.mark.line && start != std::string_view::npos; ++l) {
      start = text.find('\n', start);
      if (start != std::string_view::npos) ++start;
    }
    if (start != std::string_view::npos && start < text.size()) {
      std::string_view line = text.substr(start, text.find('\n', start) - start);
      const std::string trimmed = TrimText(line);
      msg += TrF(" at {}", Quoted(trimmed));
      // "target: >95%": a value starting with > or | opens a block scalar in YAML.
      for (std::string_view block : {": >", ": |"}) {
        const std::size_t at = trimmed.find(block);
        if (at != std::string::npos && at + block.size() < trimmed.size()) {
          return msg + TrF(" (a value that starts with > or | must be quoted: {}: '{}')",
                           trimmed.substr(0, at), TrimText(trimmed.substr(at + 2)));
        }
      }
    }
  }
  return msg + Tr(" (look here and on the lines above for an unclosed { [ or quote, a missing ':' "
                  "or a wrong indentation)");
}

std::string YamlReader::KindName(const YAML::Node& n) {
  if (n.IsMap()) return Tr("a mapping");
  if (n.IsSequence()) return Tr("a list");
  if (n.IsNull()) return Tr("nothing");
  return Quoted(n.Scalar());
}

std::optional<std::string> YamlReader::CheckKey(const YAML::Node& k, const std::string& what,
                                                const std::vector<std::string_view>& known,
                                                std::set<std::string>* seen) {
  if (!k.IsScalar()) {
    Error(Loc(k), key_code_, TrF("a key of {} must be text, found {}", what, KindName(k)));
    return std::nullopt;
  }
  std::string key = k.Scalar();
  if (!seen->insert(key).second) {
    Error(Loc(k), "duplicate-key", TrF("duplicate key {} in {}", Quoted(key), what));
    return std::nullopt;
  }
  if (!known.empty() && std::find(known.begin(), known.end(), key) == known.end()) {
    std::string list;
    for (auto kk : known) list += (list.empty() ? "" : ", ") + std::string(kk);
    Error(Loc(k), "unknown-key",
          TrF("unknown key {} in {} (expected {})", Quoted(key), what, list));
    return std::nullopt;
  }
  return key;
}

std::optional<std::string> YamlReader::Text(const YAML::Node& n, const std::string& what) {
  if (n.IsNull()) return std::string();
  if (!n.IsScalar()) {
    Error(Loc(n), "wrong-type", TrF("{} must be text, found {}", what, KindName(n)));
    return std::nullopt;
  }
  return n.Scalar();
}

namespace {

// "20分", "50万元", "2024年": a number with the unit the field already implies.
std::string UnitHint(std::string_view text) {
  const ParseResult r = ParseValue(text);
  if (!r.value || !r.value->is_quantity() || r.value->op != Operator::kNone) return "";
  const std::string& unit = r.value->unit.text;
  if (unit != "分" && unit != "万元" && unit != "元" && unit != "年" && unit != "%") return "";
  if (unit == "元") return Tr(" (write the figure in 万元, without the unit)");
  return TrF(" (write the number alone: {}; the unit {} is implied)",
             FormatNumber(r.value->number, 6), unit);
}

}  // namespace

std::optional<double> YamlReader::Number(const YAML::Node& n, const std::string& what) {
  if (!n.IsScalar()) {
    Error(Loc(n), "wrong-type", TrF("{} must be a number, found {}", what, KindName(n)));
    return std::nullopt;
  }
  std::string err;
  auto v = ParsePlainNumber(n.Scalar(), &err);
  if (!v) {
    Error(Loc(n), "bad-number",
          TrF("{} {}: {}", what, Quoted(n.Scalar()), err) + UnitHint(n.Scalar()));
  }
  return v;
}

}  // namespace jixiao
