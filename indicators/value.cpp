#include "indicators/value.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <utility>

#include "indicators/i18n.h"
#include "indicators/utf8.h"

namespace jixiao {
namespace {

constexpr std::size_t kMaxValueBytes = 10000;
constexpr double kMaxMagnitude = 1e15;

struct OperatorSpelling {
  std::string_view text;
  Operator op;
};

// Longest first where one spelling is a prefix of another (不超过 before 超过, >= before >).
constexpr std::array<OperatorSpelling, 40> kOperators{{
    {">=", Operator::kGe},         {"=>", Operator::kGe},       {"<=", Operator::kLe},
    {"=<", Operator::kLe},         {"==", Operator::kEq},       {"≥", Operator::kGe},
    {"≧", Operator::kGe},          {"⩾", Operator::kGe},        {"≮", Operator::kGe},
    {"≤", Operator::kLe},          {"≦", Operator::kLe},        {"⩽", Operator::kLe},
    {"≯", Operator::kLe},          {"═", Operator::kEq},        {"﹦", Operator::kEq},
    {"大于或等于", Operator::kGe}, {"大于等于", Operator::kGe}, {"不低于", Operator::kGe},
    {"不少于", Operator::kGe},     {"不小于", Operator::kGe},   {"达到", Operator::kGe},
    {"小于或等于", Operator::kLe}, {"小于等于", Operator::kLe}, {"不高于", Operator::kLe},
    {"不超过", Operator::kLe},     {"不多于", Operator::kLe},   {"不大于", Operator::kLe},
    {"等于", Operator::kEq},       {"大于", Operator::kGt},     {"高于", Operator::kGt},
    {"超过", Operator::kGt},       {"多于", Operator::kGt},     {"小于", Operator::kLt},
    {"低于", Operator::kLt},       {"少于", Operator::kLt},     {">", Operator::kGt},
    {"<", Operator::kLt},          {"=", Operator::kEq},        {"﹥", Operator::kGt},
    {"﹤", Operator::kLt},
}};

// Signs that look like a comparison but have no agreed meaning in a target.
constexpr std::array<std::string_view, 10> kUnknownOperators{
    {"≈", "≒", "≠", "~", "∼", "±", "≃", "≅", "≡", "～"}};

bool StartsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
bool EndsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

std::string RemoveSpaces(std::string_view s) {
  std::string out;
  for (char c : s)
    if (c != ' ') out.push_back(c);
  return out;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool HasDigit(std::string_view s) { return std::any_of(s.begin(), s.end(), IsDigit); }

// Magnitude prefixes of a unit, longest first.
constexpr std::array<std::pair<std::string_view, double>, 5> kMagnitudes{
    {{"百万", 1e6}, {"千万", 1e7}, {"万", 1e4}, {"亿", 1e8}, {"千", 1e3}}};

// Unit symbols that are not a magnitude followed by a unit although they start like one.
constexpr std::array<std::string_view, 3> kNotMagnitude{{"千克", "千米", "千瓦"}};

// Units of one family convert through a factor to the family's base.
struct UnitFamily {
  std::string_view symbol;
  std::string_view family;
  double factor;
};
constexpr std::array<UnitFamily, 20> kFamilies{{
    {"元", "money", 1},     {"秒", "time", 1.0 / 60}, {"分钟", "time", 1},
    {"小时", "time", 60},   {"天", "time", 1440},     {"日", "time", 1440},
    {"周", "time", 10080},  {"月", "calendar", 1},    {"季度", "calendar", 3},
    {"年", "calendar", 12}, {"%", "ratio", 0.01},     {"‰", "ratio", 0.001},
    {"米", "length", 1},    {"公里", "length", 1000}, {"厘米", "length", 0.01},
    {"克", "mass", 1},      {"公斤", "mass", 1000},   {"吨", "mass", 1e6},
    {"千克", "mass", 1000}, {"千米", "length", 1000},
}};

const UnitFamily* FamilyOf(std::string_view symbol) {
  for (const auto& f : kFamilies)
    if (f.symbol == symbol) return &f;
  return nullptr;
}

bool IsDuration(std::string_view symbol) {
  const UnitFamily* f = FamilyOf(symbol);
  return symbol == "工作日" || (f && (f->family == "time" || f->family == "calendar"));
}

// 个月 → 月, 个工作日 → 工作日, 个小时 → 小时, 日 stays 日 (a day), 天 stays 天.
std::string NormalizeSymbol(std::string_view s) {
  if (StartsWith(s, "个") && s.size() > 3) {
    std::string_view rest = s.substr(3);
    if (rest == "月" || rest == "工作日" || rest == "小时" || rest == "季度" || rest == "星期")
      s = rest;
  }
  if (s == "星期") return "周";
  return std::string(s);
}

// Splits a magnitude off a unit part: "万元" → (1e4, "元"); "万" → (1e4, "").
std::pair<double, std::string> SplitMagnitude(std::string_view part) {
  for (auto nm : kNotMagnitude)
    if (part == nm) return {1.0, std::string(part)};
  for (const auto& [prefix, factor] : kMagnitudes)
    if (StartsWith(part, prefix)) return {factor, NormalizeSymbol(part.substr(prefix.size()))};
  return {1.0, NormalizeSymbol(part)};
}

// A unit is a short run of CJK characters, letters and %/‰, with / or 、 between parts.
bool LooksLikeUnit(std::string_view s) {
  if (utf8::Length(s) > 12) return false;
  for (std::size_t i = 0, len = 0; i < s.size(); i += len) {
    const char32_t c = utf8::Decode(s, i, &len);
    const bool ok = utf8::IsCjk(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    c == '%' || c == U'‰' || c == '/' || c == U'、' || c == U'·';
    if (!ok) return false;
  }
  return true;
}

Unit ParseUnit(std::string_view text) {
  Unit u;
  u.text = std::string(text);
  if (text.empty()) return u;
  std::vector<std::string> parts;
  std::string current;
  for (std::size_t i = 0, len = 0; i < text.size(); i += len) {
    const char32_t c = utf8::Decode(text, i, &len);
    if (c == '/' || c == U'、') {
      parts.push_back(current);
      current.clear();
    } else {
      current.append(text.substr(i, len));
    }
  }
  parts.push_back(current);
  auto [scale, symbol] = SplitMagnitude(parts[0]);
  u.scale = scale;
  u.symbol = symbol;
  for (std::size_t k = 1; k < parts.size(); ++k) {
    if (parts[k].empty()) continue;
    auto [per_scale, per_symbol] = SplitMagnitude(parts[k]);
    u.scale /= per_scale;
    u.per.push_back(per_symbol);
  }
  std::sort(u.per.begin(), u.per.end());
  return u;
}

// Chinese numerals for short durations: 一个月, 两周, 十五天, 半年.
bool ParseChineseNumber(std::string_view s, double* value, std::size_t* consumed) {
  static constexpr std::array<std::pair<std::string_view, int>, 11> kDigits{{{"一", 1},
                                                                             {"二", 2},
                                                                             {"两", 2},
                                                                             {"三", 3},
                                                                             {"四", 4},
                                                                             {"五", 5},
                                                                             {"六", 6},
                                                                             {"七", 7},
                                                                             {"八", 8},
                                                                             {"九", 9},
                                                                             {"十", 10}}};
  if (StartsWith(s, "半")) {
    *value = 0.5;
    *consumed = 3;
    return true;
  }
  double total = 0;
  int current = 0;
  std::size_t i = 0;
  bool any = false;
  while (i < s.size()) {
    bool matched = false;
    for (const auto& [glyph, d] : kDigits) {
      if (StartsWith(s.substr(i), glyph)) {
        if (d == 10) {
          total += (current == 0 ? 1 : current) * 10;
          current = 0;
        } else {
          current = d;
        }
        i += glyph.size();
        matched = any = true;
        break;
      }
    }
    if (!matched) break;
  }
  if (!any) return false;
  *value = total + current;
  *consumed = i;
  return true;
}

// NaN, nan, inf, Infinity, and YAML's .nan / .inf, as a word of their own ("information" is
// text, not infinity).
bool IsNotANumberWord(std::string_view s) {
  if (StartsWith(s, ".")) s.remove_prefix(1);
  std::string lower;
  for (char c : s.substr(0, 9)) lower.push_back(static_cast<char>(std::tolower(c)));
  for (std::string_view word : {"infinity", "nan", "inf"}) {
    if (!StartsWith(lower, word)) continue;
    const char next = lower.size() > word.size() ? lower[word.size()] : ' ';
    return !(next >= 'a' && next <= 'z');
  }
  return false;
}

ParseResult Fail(std::string message, std::size_t offset = 0) {
  ParseResult r;
  r.error = std::move(message);
  r.error_offset = offset;
  return r;
}

// Reads "1,000.5", "-3", "0.5", "1e6" at the start of s. Returns the number of bytes read (0 when
// there is no number) or sets *error.
std::size_t ReadNumber(std::string_view s, double* out, std::string* error) {
  std::size_t i = 0;
  std::string digits;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) digits.push_back(s[i++]);
  const std::size_t start = i;
  bool seen_point = false;
  while (i < s.size()) {
    const char c = s[i];
    if (IsDigit(c)) {
      digits.push_back(c);
      ++i;
    } else if (c == ',' && !seen_point && i > start) {
      // A thousands separator must be followed by exactly three digits.
      std::size_t k = i + 1;
      while (k < s.size() && IsDigit(s[k])) ++k;
      if (k - (i + 1) != 3) {
        *error = TrF("malformed number '{}': a ',' must separate groups of three digits",
                     s.substr(0, k));
        return 0;
      }
      ++i;
    } else if (c == '.' && !seen_point && i + 1 < s.size() && IsDigit(s[i + 1])) {
      seen_point = true;
      digits.push_back(c);
      ++i;
    } else {
      break;
    }
  }
  if (i == start) return 0;
  // Scientific notation: accepted only as a whole number token (1e6), and checked for range.
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    std::size_t k = i + 1;
    if (k < s.size() && (s[k] == '+' || s[k] == '-')) ++k;
    const std::size_t exp_start = k;
    while (k < s.size() && IsDigit(s[k])) ++k;
    if (k > exp_start) {
      digits.append(s.substr(i, k - i));
      i = k;
    }
  }
  errno = 0;
  const double v = std::strtod(digits.c_str(), nullptr);
  if (errno == ERANGE || !std::isfinite(v) || std::fabs(v) > kMaxMagnitude) {
    *error = TrF("number '{}' is out of range (|x| ≤ 1e15)", s.substr(0, i));
    return 0;
  }
  *out = v;
  return i;
}

}  // namespace

bool StatesTarget(const Value& target, const Value& actual) {
  return actual.text == target.text ||
         (!actual.is_quantity() && actual.qualitative == target.qualitative);
}

std::string TrimText(std::string_view text) {
  const auto space_at = [&](std::size_t at) -> std::size_t {  // bytes of a space at `at`, or 0
    if (at >= text.size()) return 0;
    const char c = text[at];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') return 1;
    return text.substr(at, 3) == "\u3000" ? 3 : 0;
  };
  std::size_t b = 0;
  while (std::size_t n = space_at(b)) b += n;
  std::size_t e = text.size();
  while (e > b) {
    if (space_at(e - 1) == 1) {
      --e;
    } else if (e - b >= 3 && space_at(e - 3) == 3) {
      e -= 3;
    } else {
      break;
    }
  }
  return std::string(text.substr(b, e - b));
}

std::string Excerpt(std::string_view text, std::size_t max_chars) {
  std::string out;
  std::size_t chars = 0, total = 0;
  for (std::size_t i = 0, len = 0; i < text.size(); i += len, ++total) {
    const char32_t c = utf8::Decode(text, i, &len);
    if (chars >= max_chars) continue;  // counting the rest
    ++chars;
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c < 0x20 || c == 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", static_cast<unsigned>(c));
      out += buf;
    } else {
      utf8::Append(out, c);
    }
  }
  if (total > max_chars) out += "… (" + std::to_string(total) + " characters)";
  return out;
}

std::string NormalizeText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0, len = 0; i < text.size(); i += len) {
    char32_t c = utf8::Decode(text, i, &len);
    if (c >= 0xFF01 && c <= 0xFF5E) c -= 0xFEE0;  // full-width ASCII
    if (c == 0x3000 || c == 0x00A0 || c == '\t' || c == '\r' || c == '\n' || c == 0x2002 ||
        c == 0x2003 || c == 0x2009 || c == 0x200B)
      c = ' ';
    if (c == 0xFE0F || c == 0xFEFF) continue;  // variation selector, zero-width no-break space
    utf8::Append(out, c);
  }
  return std::string(TrimSpaces(out));
}

namespace {

// What is refused before anything is read: too long, not UTF-8, control characters.
std::optional<ParseResult> RefuseRaw(std::string_view raw) {
  if (raw.size() > kMaxValueBytes) {
    return Fail(TrF("value is too long ({} bytes; the limit is {})", raw.size(), kMaxValueBytes));
  }
  if (!utf8::Valid(raw)) {
    return Fail(Tr("the text is not UTF-8 (GBK from a Chinese Windows program?): retype it"));
  }
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const auto c = static_cast<unsigned char>(raw[i]);
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", c);
      return Fail(TrF("an invisible control character ({}) in the value: retype it", buf), i);
    }
  }
  return std::nullopt;
}

// The operator in front ("≥", "不低于", "> =" …) into v.op, taken off `s`; a failure for an
// unknown or doubled operator.
std::optional<ParseResult> ReadOperator(std::string_view& s, const std::string& normalized,
                                        Value& v) {
  std::string_view op_text;
  // Every operator spelling (and every unknown sign) starts with something other than a digit.
  const bool digit_first = s[0] >= '0' && s[0] <= '9';
  for (const auto& spelling : kOperators) {
    if (digit_first) break;
    if (StartsWith(s, spelling.text)) {
      v.op = spelling.op;
      op_text = spelling.text;
      s.remove_prefix(spelling.text.size());
      break;
    }
  }
  if (v.op == Operator::kNone && !digit_first) {
    for (auto unknown : kUnknownOperators) {
      if (StartsWith(s, unknown)) {
        return Fail(TrF("unknown operator '{}'", unknown));
      }
    }
  }
  if (op_text == "达到") v.notes.push_back(Tr("'达到' (reach) read as ≥"));
  s = TrimSpaces(s);
  if (v.op != Operator::kNone) {
    // A second operator: "> =95%" (a space inside ＞＝) is ≥; anything else is a typo to fix.
    for (const auto& spelling : kOperators) {
      if (!StartsWith(s, spelling.text)) continue;
      if (spelling.op == Operator::kEq && (v.op == Operator::kGt || v.op == Operator::kLt)) {
        v.op = v.op == Operator::kGt ? Operator::kGe : Operator::kLe;
        s = TrimSpaces(s.substr(spelling.text.size()));
        v.notes.push_back(TrF("'{} {}' read as {}", op_text, spelling.text, OperatorSymbol(v.op)));
        break;
      }
      return Fail(
          TrF("two operators '{}' and '{}': write one, e.g. '≥95%'", op_text, spelling.text),
          normalized.size() - s.size());
    }
  }
  return std::nullopt;
}

// The number at the front of `s` (digits, or a Chinese numeral before a duration): how many bytes
// it used (0: none), or a failure.
std::optional<ParseResult> ReadLeadingNumber(std::string_view s, double* number,
                                             std::size_t* used) {
  std::string number_error;
  if (IsDigit(s[0]) || ((s[0] == '-' || s[0] == '+' || s[0] == '.') && s.size() > 1)) {
    *used = ReadNumber(s, number, &number_error);
    if (!number_error.empty()) return Fail(number_error);
  } else if (ParseChineseNumber(s, number, used)) {
    std::string unit = RemoveSpaces(s.substr(*used));
    for (std::string_view sfx : {"以内", "内"}) {  // 两周内, 三个工作日以内
      if (EndsWith(unit, sfx)) {
        unit.resize(unit.size() - sfx.size());
        break;
      }
    }
    if (!IsDuration(NormalizeSymbol(unit))) *used = 0;  // 一级, 五级网络: not a number
  }

  return std::nullopt;
}

// A quantity: the number and its unit (with a suffix word: 95%以上 → ≥) into `v`; nullopt when
// what follows the number is not a unit (the value is text), or a failure.
std::optional<ParseResult> ReadQuantity(std::string_view s, double number, std::size_t used,
                                        Value& v) {
  if (used > 0) {
    std::string unit = RemoveSpaces(s.substr(used));
    // An approximation (20项左右) is not a target a formula can score.
    if (EndsWith(unit, "左右") || EndsWith(unit, "上下")) used = 0;
  }
  if (used > 0) {
    std::string unit = RemoveSpaces(s.substr(used));
    // Suffix words: 95%以上 → ≥, 30分钟以内 / 30分钟内 → ≤.
    struct Suffix {
      std::string_view text;
      Operator op;
    };
    static constexpr std::array<Suffix, 6> kSuffixes{{{"及以上", Operator::kGe},
                                                      {"以上", Operator::kGe},
                                                      {"及以下", Operator::kLe},
                                                      {"以下", Operator::kLe},
                                                      {"以内", Operator::kLe},
                                                      {"内", Operator::kLe}}};
    Operator suffix_op = Operator::kNone;
    for (const auto& sfx : kSuffixes) {
      if (EndsWith(unit, sfx.text)) {
        suffix_op = sfx.op;
        unit.resize(unit.size() - sfx.text.size());
        break;
      }
    }
    if (LooksLikeUnit(unit) && !HasDigit(unit)) {
      if (suffix_op != Operator::kNone) {
        if (v.op == Operator::kNone) {
          v.op = suffix_op;
          v.notes.push_back(Tr("operator read from the suffix word"));
        } else if (v.op != suffix_op && !((v.op == Operator::kGt && suffix_op == Operator::kGe) ||
                                          (v.op == Operator::kLt && suffix_op == Operator::kLe))) {
          return Fail(TrF("operator '{}' contradicts the suffix word", OperatorSymbol(v.op)));
        }
      }
      v.kind = ValueKind::kQuantity;
      v.number = number == 0 ? 0 : number;  // no negative zero
      v.unit = ParseUnit(unit);
      return ParseResult{std::move(v), "", 0};
    }
  }

  return std::nullopt;
}

}  // namespace

ParseResult ParseValue(std::string_view raw) {
  if (auto refused = RefuseRaw(raw)) return std::move(*refused);
  Value v;
  v.text = TrimText(raw);
  const std::string normalized = NormalizeText(raw);
  if (normalized.empty()) return Fail(Tr("empty value"));
  if (normalized != v.text) v.notes.push_back(Tr("full-width characters or spaces normalised"));

  std::string_view s = normalized;
  if (auto failed = ReadOperator(s, normalized, v)) return std::move(*failed);
  if (s.empty()) return Fail(TrF("operator '{}' has no number or text after it", v.text));
  if (IsNotANumberWord(s) || ((s[0] == '-' || s[0] == '+') && IsNotANumberWord(s.substr(1)))) {
    return Fail(Tr("NaN and infinity are not values"));
  }

  double number = 0;
  std::size_t used = 0;
  if (auto failed = ReadLeadingNumber(s, &number, &used)) return std::move(*failed);
  if (auto quantity = ReadQuantity(s, number, used, v)) return std::move(*quantity);

  // A value ending in an operator sign ("≥95%≤", "95%>") is a typo, not text to judge.
  if (HasDigit(s)) {
    for (std::string_view sign : {"≥", "≤", "≧", "≦", ">", "<", "="}) {
      if (EndsWith(s, sign)) {
        return Fail(TrF("operator '{}' at the end of the value: the operator goes in front, e.g. "
                        "'≥95%'",
                        sign),
                    normalized.size() - sign.size());
      }
    }
  }

  // Qualitative text. Plain praise compares text to text; anything with an operator, a digit or
  // a date needs the evaluator's judgement.
  v.kind = ValueKind::kQualitative;
  v.qualitative = std::string(s);
  v.form = (v.op != Operator::kNone || HasDigit(s)) ? QualitativeForm::kJudgement
                                                    : QualitativeForm::kPraise;
  return ParseResult{std::move(v), "", 0};
}

std::optional<double> ParsePlainNumber(std::string_view text, std::string* error) {
  const std::string t = NormalizeText(text);
  if (t.empty()) {
    *error = Tr("empty number");
    return std::nullopt;
  }
  if (IsNotANumberWord(t) ||
      IsNotANumberWord(std::string_view(t).substr(t[0] == '-' || t[0] == '+'))) {
    *error = TrF("'{}' is not a number (NaN and infinity are not values)", t);
    return std::nullopt;
  }
  double v = 0;
  std::string number_error;
  const std::size_t used = ReadNumber(t, &v, &number_error);
  if (!number_error.empty()) {
    *error = number_error;
    return std::nullopt;
  }
  if (used == 0 || used != t.size()) {
    *error = TrF("'{}' is not a number", t);
    return std::nullopt;
  }
  return v == 0 ? 0.0 : v;
}

Direction DirectionOf(const Value& target) {
  if (!target.is_quantity()) return Direction::kQualitative;
  switch (target.op) {
    case Operator::kGe:
    case Operator::kGt:
      return Direction::kPositive;
    case Operator::kLe:
    case Operator::kLt:
      return Direction::kReverse;
    case Operator::kEq:
    case Operator::kNone:
      return Direction::kEqual;
  }
  return Direction::kEqual;
}

bool IsRateName(std::string_view name) {
  return EndsWith(name, "率") || EndsWith(name, "度") || EndsWith(name, "比例") ||
         EndsWith(name, "占比");
}

std::string ResolveImplied(Value& target, const ImplyContext& ctx) {
  if (!target.is_quantity() || target.op != Operator::kNone) return "";
  target.op_implied = true;
  if (target.number == 0) {
    target.op = Operator::kEq;
    target.notes.push_back(Tr("a bare 0 means none: = 0"));
    return "";
  }
  if (target.number == 1 && target.unit.empty() && ctx.rate_name) {
    target.op = Operator::kEq;
    target.number = 100;
    target.unit = ParseUnit("%");
    target.notes.push_back(Tr("a bare 1 for a rate read as 100%"));
    return TrF("target '{}' of a rate read as 100%: write '=100%' to confirm", target.text);
  }
  if (ctx.timeliness && IsDuration(target.unit.symbol)) {
    target.op = Operator::kLe;
    target.notes.push_back(Tr("a duration under 时效指标 means within: ≤"));
    return "";
  }
  target.op = Operator::kEq;
  target.notes.push_back(Tr("a bare standard means ="));
  return "";
}

Conversion Convert(const Unit& from, const Unit& to) {
  Conversion c;
  const bool from_bare = from.symbol.empty() && from.per.empty() && from.scale == 1.0;
  const bool to_bare = to.symbol.empty() && to.per.empty() && to.scale == 1.0;
  if (from_bare || to_bare) {
    c.ok = true;
    return c;
  }
  // 元/人/天 and 元/人/日 are the same unit.
  const auto days = [](std::vector<std::string> per) {
    for (auto& p : per)
      if (p == "日") p = "天";
    std::sort(per.begin(), per.end());
    return per;
  };
  if (!from.per.empty() && !to.per.empty() && days(from.per) != days(to.per)) {
    c.error = TrF("'{}' cannot be compared with '{}' (different per-units)", from.text, to.text);
    return c;
  }
  double from_factor = 1, to_factor = 1;
  if (!from.symbol.empty() && !to.symbol.empty() && from.symbol != to.symbol) {
    const UnitFamily* ff = FamilyOf(from.symbol);
    const UnitFamily* tf = FamilyOf(to.symbol);
    if (!ff || !tf || ff->family != tf->family) {
      c.error = TrF("'{}' cannot be compared with '{}'", from.text, to.text);
      return c;
    }
    from_factor = ff->factor;
    to_factor = tf->factor;
  }
  c.ok = true;
  c.factor = (from.scale * from_factor) / (to.scale * to_factor);
  return c;
}

std::string OperatorSymbol(Operator op) {
  switch (op) {
    case Operator::kGe:
      return "≥";
    case Operator::kGt:
      return ">";
    case Operator::kLe:
      return "≤";
    case Operator::kLt:
      return "<";
    case Operator::kEq:
      return "=";
    case Operator::kNone:
      return "";
  }
  return "";
}

std::string OperatorName(Operator op) {
  switch (op) {
    case Operator::kGe:
      return "ge";
    case Operator::kGt:
      return "gt";
    case Operator::kLe:
      return "le";
    case Operator::kLt:
      return "lt";
    case Operator::kEq:
      return "eq";
    case Operator::kNone:
      return "none";
  }
  return "none";
}

std::string DirectionName(Direction d) {
  switch (d) {
    case Direction::kPositive:
      return "positive";
    case Direction::kReverse:
      return "reverse";
    case Direction::kEqual:
      return "equal";
    case Direction::kQualitative:
      return "qualitative";
  }
  return "qualitative";
}

std::string FormatNumber(double x, int max_decimals) {
  // Scoring formats numbers for every formula text: the common case, x·10^d close to an integer n
  // (within 0.001, so that rounding cannot go the other way) and small, is n's digits.
  static constexpr double kPow10[] = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9};
  if (max_decimals >= 0 && max_decimals <= 9 && std::isfinite(x)) {
    const double scaled = x * kPow10[max_decimals];
    const double n = std::nearbyint(scaled);
    if (std::fabs(scaled) < 1e12 && std::fabs(scaled - n) < 1e-3) {
      auto digits = static_cast<long long>(std::fabs(n));
      const auto unit = static_cast<long long>(kPow10[max_decimals]);
      std::string s = n < 0 ? "-" : "";
      s += std::to_string(digits / unit);
      long long frac = digits % unit;
      int width = max_decimals;
      while (width > 0 && frac % 10 == 0) frac /= 10, --width;
      if (width > 0) {
        const std::string f = std::to_string(frac);
        s += '.';
        s.append(static_cast<std::size_t>(width) - f.size(), '0');
        s += f;
      }
      return s == "-0" ? "0" : s;
    }
  }
  // Otherwise std::to_chars, which formats as printf's "%.*f" does (exact decimal rounding).
  char buf[128];
  const auto r = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::fixed, max_decimals);
  std::string s = r.ec == std::errc() ? std::string(buf, r.ptr) : std::to_string(x);
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  if (s == "-0") s = "0";
  return s;
}

}  // namespace jixiao
