// indicators/value.h — the value grammar: target values (指标值) and actual values (实际完成值).
//
// A cell of a performance table such as "≥95%", "≤5万元/年", "=670元/人、年", "显著提升" or
// "2024年12月31日前" is parsed once, at load time, into a typed Value: an operator, a number with
// its unit, or qualitative text. Nothing inside the engine passes the raw strings around.
//
// Contract:
//  * ParseValue never throws on user text; a cell it cannot read returns an error (ValueError)
//    with a message fit for the user ("unknown operator '≈'").
//  * Numbers are kept as written (95 with unit "%", 5 with unit "万元/年"); Unit::scale gives the
//    factor to the unit's base, so comparisons go through Convert(), never through the raw number.
//  * Operator-less numbers keep Operator::kNone; what that means (≤ for a duration under 时效指标,
//    = otherwise) is decided by the loader, which knows the indicator's context (ResolveImplied).
#ifndef JIXIAO_INDICATORS_VALUE_H_
#define JIXIAO_INDICATORS_VALUE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace jixiao {

// The comparison a target states. kNone: no operator was written.
enum class Operator { kNone, kGe, kGt, kLe, kLt, kEq };

// How an indicator is scored (docs/rules.md §4).
enum class Direction {
  kPositive,     // ≥ / >: more is better, r = B/A
  kReverse,      // ≤ / <: less is better
  kEqual,        // = or a bare standard: scored as positive, with the A = 0 special case
  kQualitative,  // text: scored by judgement band
};

// A unit such as 万元/人/年: a magnitude (万 → 1e4), a base symbol (元) and the per-units (人, 年).
// Units of the same family convert (元 ↔ 万元, 分钟 ↔ 小时, 个月 ↔ 年); any other symbol (人, 项,
// 家, 剂次, M …) converts only to itself, with its magnitude (万人 ↔ 人).
struct Unit {
  std::string symbol;  // base symbol after the magnitude: "元", "人", "%", "分钟"; "" none
  double scale = 1.0;  // factor from the written unit to `base`: 万元 → 1e4
  std::vector<std::string> per;  // denominators, sorted: 元/人/年 and 元/年/人 are the same unit
  std::string text;              // the unit as written, normalised ("万元/人/年")

  bool empty() const { return symbol.empty() && per.empty(); }
};

enum class ValueKind { kQuantity, kQualitative };

// Qualitative forms: plain praise ("显著提升", "全覆盖") compares text to text; anything else that
// is not a plain quantity ("2024年12月31日前", "自申报10个工作日", "≥省级下达参保计划") needs the
// evaluator's judgement.
enum class QualitativeForm { kPraise, kJudgement };

struct Value {
  std::string text;  // the cell as written (TrimText), for messages and reports
  ValueKind kind = ValueKind::kQualitative;
  Operator op = Operator::kNone;
  bool op_implied = false;  // op was not written but read from context (see ResolveImplied)
  double number = 0;        // as written, in `unit` (95 for 95%)
  Unit unit;
  QualitativeForm form = QualitativeForm::kPraise;  // for qualitative values
  std::string qualitative;         // normalised text of a qualitative value (operator stripped)
  std::vector<std::string> notes;  // how the reading was made, for `jixiao value` ("full-width
                                   // digits normalised", "bare 1 read as 100%")

  bool is_quantity() const { return kind == ValueKind::kQuantity; }
};

// Result of parsing a cell: a value, or a message saying why it cannot be read.
struct ParseResult {
  std::optional<Value> value;
  std::string error;             // set when !value
  std::size_t error_offset = 0;  // byte offset of the problem inside the text, for column numbers
};

// Parses one table cell. Accepts the operator glyphs ≥ ≧ >= ＞＝ (also "> =") ≤ ≦ <= ＜＝ = ═ ﹦ ＝
// > ＞ < ＜ and the unambiguous Chinese words (≥: 大于等于, 大于或等于, 不低于, 不少于, 不小于,
// 达到; ≤: 小于等于, 小于或等于, 不高于, 不超过, 不多于, 不大于; >: 大于, 高于, 超过, 多于;
// <: 小于, 低于, 少于; =: 等于) and suffix words (95%以上 ≥, 30分钟以内 ≤); full-width digits and
// signs; thousands separators (1,000.5 and 1，000); stray spaces; magnitudes 万 / 亿 / 千; compound
// units (元/人/年, 元/人、年); Chinese numerals in short durations ("一个月", "两周内"). Rejects
// with an error: NaN, infinities, numbers beyond ±1e15, cells over 10,000 bytes, unknown signs (≈ ~
// ≠), two operators ("≥≤95%") and an operator at the end ("≥95%≤").
ParseResult ParseValue(std::string_view text);

// Reads a plain number (a weight, a budget figure): "15", "1,000.5", "１５", "5.6". Rejects units,
// operators, NaN, infinities and |x| > 1e15; sets *error and returns nullopt when it cannot.
std::optional<double> ParsePlainNumber(std::string_view text, std::string* error);

// Direction of a target value (from its operator; qualitative text → kQualitative).
Direction DirectionOf(const Value& target);

// The context a bare (operator-less) target is read in.
struct ImplyContext {
  bool timeliness = false;  // the indicator is under 时效指标
  bool rate_name = false;   // the indicator's name reads as a rate (…率, …度)
};

// True when an indicator's name reads as a rate (…率, …度, …比例, …占比): its bare "1" target is
// then read as 100% (ImplyContext::rate_name).
bool IsRateName(std::string_view name);

// Gives an operator-less quantity its meaning, per docs/rules.md §4: a bare duration under
// 时效指标 means "within" (≤); a bare 0 means "none" (=0, full marks only at 0); a bare 1 for a
// rate is read as 100% and reported (warning text returned); any other bare number means =. Returns
// a warning message when the reading is a guess, else "".
std::string ResolveImplied(Value& target, const ImplyContext& ctx);

// Unit compatibility and conversion.
struct Conversion {
  bool ok = false;
  double factor = 1.0;  // multiply a number in `from` by this to express it in `to`
  std::string error;    // why not, when !ok: "'人' cannot be compared with '万元'"
};
// An empty unit on either side takes the other's (a bare actual "20" against "≤20人"). Per-units
// may be omitted on the actual side (3.6万元 against ≤5万元/年), but if both give them they must
// match.
Conversion Convert(const Unit& from, const Unit& to);

// Display helpers.
std::string OperatorSymbol(Operator op);  // "≥", "≤", "=", ">", "<", "" for kNone
std::string OperatorName(Operator op);    // "ge", "gt", "le", "lt", "eq", "none" (JSON)
std::string DirectionName(Direction d);   // "positive", "reverse", "equal", "qualitative"
std::string FormatNumber(double x, int max_decimals = 2);  // 98, 90.4, 91.14 (no trailing zeros)

// Normalises user text the way every reader here does: full-width ASCII (Ｆ０１–ＦＦ５Ｅ) to ASCII,
// ideographic and no-break spaces to spaces, trimmed. Exposed for loaders and tests.
std::string NormalizeText(std::string_view text);

// User text fit to quote inside a one-line message: control characters escaped (\n, \t, \x01),
// and cut after `max_chars` characters with the full length said ("…… (1048576 characters)").
std::string Excerpt(std::string_view text, std::size_t max_chars = 80);

// True when a qualitative `actual` states its `target` (the same text, or the same qualitative
// text once the operator is stripped): 达成 at full weight by the rules, no judgement needed.
bool StatesTarget(const Value& target, const Value& actual);

// Trims ASCII white space and ideographic spaces (U+3000) at both ends; keeps everything else as
// written (names and reports show what the user typed).
std::string TrimText(std::string_view text);

}  // namespace jixiao

#endif  // JIXIAO_INDICATORS_VALUE_H_
