// indicators/text.h — the rules for free text that people type: names, authors, reasons.
//
// Contract:
//  * Every free-text field has one limit, kMaxFreeTextChars characters (code points), whatever the
//    field.
//  * Refused anywhere in free text: bytes that are not UTF-8, C0 control characters (U+0000–U+001F;
//    a tab is allowed in reasons only), DEL, C1 controls (U+0080–U+009F), the line and paragraph
//    separators (U+2028, U+2029) and the bidirectional embeddings, overrides and isolates
//    (U+202A–U+202E, U+2066–U+2069) that make a line read differently from what it holds.
//  * CheckFreeText is the check of every door (command line, import, store); EscapeControls is what
//    text output does with anything that slipped through (an older store, a YAML file).
#ifndef JIXIAO_INDICATORS_TEXT_H_
#define JIXIAO_INDICATORS_TEXT_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "indicators/diagnostics.h"

namespace jixiao {

// The longest free text accepted, in characters: a reason of a page and a half; Excel's cell
// limit (32,767) is far above it.
inline constexpr std::size_t kMaxFreeTextChars = 2000;

enum class TextField {
  kProjectName,    // 项目名称
  kIndicatorName,  // 三级指标
  kAuthor,         // who enters a change (--by)
  kReason,         // why (--reason), the 偏差原因分析及改进措施 of an actual
  kDeviation,      // a deviation text (偏差)
  kUnit,           // 项目实施单位, 主管部门
  kExplanation,    // budget.explanation (执行率) and budget.change_explanation (预算调整)
};

// "project name", "author", ...: how messages name the field.
std::string_view TextFieldName(TextField field);

// Nullopt when `text` may be stored in `field`; otherwise an Error (code "control-character",
// "bad-encoding" or "too-long") whose message names the field, the character and its position
// (or the limit), and what to write instead.
std::optional<Error> CheckFreeText(TextField field, std::string_view text);

// True for the characters CheckFreeText refuses (a tab counts as a control here).
bool IsControlCharacter(char32_t c);

// `text` with every refused character written visibly: \n, \r, \t, \xHH for other C0, DEL and
// bytes that are not UTF-8, \u{HHHH} for C1, separators and bidi controls. Anything else is kept,
// so a terminal sees no escape sequence and a newline cannot start a forged line. `keep_tabs`
// leaves tabs as they are (the column separators of a document's tables).
std::string EscapeControls(std::string_view text, bool keep_tabs = false);

}  // namespace jixiao

#endif  // JIXIAO_INDICATORS_TEXT_H_
