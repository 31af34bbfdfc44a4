#include "engine/store/codec.h"

#include <bit>
#include <cstdint>
#include <cstring>

namespace jixiao {
namespace {

// "JXC" and the format version. Bump the version whenever the layout below changes: stores keep
// working (Decode refuses the old bytes and the store reads the YAML text instead).
constexpr char kMagic[3] = {'J', 'X', 'C'};
constexpr std::uint8_t kFormatVersion = 2;  // 2: Project::target_form
constexpr char kValueMagic[3] = {'J', 'X', 'V'};
constexpr std::uint8_t kValueVersion = 1;

// How a location's file is written: none, the definition's own file, or a name of its own.
enum LocFile : std::uint8_t { kNoFile = 0, kSelf = 1, kOther = 2 };

class Out {
 public:
  explicit Out(const std::string& self) : self_(self) {}

  void U(std::uint64_t v) {
    while (v >= 0x80) {
      bytes_.push_back(static_cast<char>((v & 0x7F) | 0x80));
      v >>= 7;
    }
    bytes_.push_back(static_cast<char>(v));
  }
  void I(std::int64_t v) {
    U((static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63));
  }
  void B(bool b) { U(b ? 1 : 0); }
  void D(double d) {
    std::uint64_t bits;
    std::memcpy(&bits, &d, sizeof bits);
    for (int k = 0; k < 8; ++k) bytes_.push_back(static_cast<char>((bits >> (8 * k)) & 0xFF));
  }
  void S(const std::string& s) {
    U(s.size());
    bytes_.append(s);
  }
  void OD(const std::optional<double>& d) {
    B(d.has_value());
    if (d) D(*d);
  }
  void Loc(const SourceLoc& l) {
    if (l.file.empty()) {
      U(kNoFile);
    } else if (l.file == self_) {
      U(kSelf);
    } else {
      U(kOther);
      S(l.file);
    }
    I(l.line);
    I(l.column);
  }
  void Val(const Value& v) {
    S(v.text);
    U(static_cast<std::uint64_t>(v.kind));
    U(static_cast<std::uint64_t>(v.op));
    B(v.op_implied);
    D(v.number);
    S(v.unit.symbol);
    D(v.unit.scale);
    U(v.unit.per.size());
    for (const auto& p : v.unit.per) S(p);
    S(v.unit.text);
    U(static_cast<std::uint64_t>(v.form));
    S(v.qualitative);
    U(v.notes.size());
    for (const auto& n : v.notes) S(n);
  }
  std::string Take() { return std::move(bytes_); }
  std::string& bytes() { return bytes_; }

 private:
  const std::string& self_;
  std::string bytes_;
};

class In {
 public:
  In(std::string_view bytes, const std::string& self)
      : p_(bytes.data()), end_(p_ + bytes.size()), self_(self) {}

  std::uint64_t U() {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (p_ == end_) Bad("truncated");
      const auto b = static_cast<std::uint8_t>(*p_++);
      v |= static_cast<std::uint64_t>(b & 0x7F) << shift;
      if (!(b & 0x80)) return v;
    }
    Bad("varint too long");
  }
  std::int64_t I() {
    const std::uint64_t u = U();
    return static_cast<std::int64_t>((u >> 1) ^ (~(u & 1) + 1));
  }
  int Int() {
    const std::int64_t v = I();
    if (v < INT32_MIN || v > INT32_MAX) Bad("integer out of range");
    return static_cast<int>(v);
  }
  bool B() {
    const std::uint64_t v = U();
    if (v > 1) Bad("bad flag");
    return v == 1;
  }
  template <typename E>
  E Enum(E last) {
    const std::uint64_t v = U();
    if (v > static_cast<std::uint64_t>(last)) Bad("enumerator out of range");
    return static_cast<E>(v);
  }
  double D() {
    Need(8);
    std::uint64_t bits = 0;
    if constexpr (std::endian::native == std::endian::little) {
      std::memcpy(&bits, p_, 8);
    } else {
      for (int k = 0; k < 8; ++k)
        bits |= static_cast<std::uint64_t>(static_cast<std::uint8_t>(p_[k])) << (8 * k);
    }
    p_ += 8;
    double d;
    std::memcpy(&d, &bits, sizeof d);
    return d;
  }
  std::string S() {
    const std::uint64_t n = U();
    Need(n);
    std::string s(p_, n);
    p_ += n;
    return s;
  }
  // A count of items that each take at least one byte: never more than what is left.
  std::size_t Count() {
    const std::uint64_t n = U();
    Need(n);
    return static_cast<std::size_t>(n);
  }
  std::optional<double> OD() {
    if (!B()) return std::nullopt;
    return D();
  }
  SourceLoc Loc() {
    SourceLoc l;
    switch (U()) {
      case kNoFile:
        break;
      case kSelf:
        l.file = self_;
        break;
      case kOther:
        l.file = S();
        break;
      default:
        Bad("bad location");
    }
    l.line = Int();
    l.column = Int();
    return l;
  }
  Value Val() {
    Value v;
    v.text = S();
    v.kind = Enum(ValueKind::kQualitative);
    v.op = Enum(Operator::kEq);
    v.op_implied = B();
    v.number = D();
    v.unit.symbol = S();
    v.unit.scale = D();
    v.unit.per.resize(Count());
    for (auto& p : v.unit.per) p = S();
    v.unit.text = S();
    v.form = Enum(QualitativeForm::kJudgement);
    v.qualitative = S();
    v.notes.resize(Count());
    for (auto& n : v.notes) n = S();
    return v;
  }
  void Need(std::uint64_t n) {
    if (n > static_cast<std::uint64_t>(end_ - p_)) Bad("truncated");
  }
  bool AtEnd() const { return p_ == end_; }
  [[noreturn]] void Bad(const char* what) {
    throw CodecError(std::string("compiled definition is unreadable (") + what + ")");
  }

 private:
  const char* p_;
  const char* end_;
  const std::string& self_;
};

}  // namespace

std::string EncodeDefinition(const Project& pr, const Published& pub, const Diagnostics& warnings,
                             const std::string& self) {
  Out o(self);
  o.bytes().append(kMagic, sizeof kMagic);
  o.U(kFormatVersion);
  o.S(pr.name);
  o.I(pr.year);
  o.S(pr.department);
  o.S(pr.central_department);
  o.S(pr.unit);
  o.S(pr.manager);
  o.S(pr.policy);
  o.Loc(pr.policy_loc);
  o.U(static_cast<std::uint64_t>(pr.form));
  o.U(static_cast<std::uint64_t>(pr.target_form));
  o.OD(pr.budget.initial);
  o.D(pr.budget.annual);
  o.Loc(pr.budget.annual_loc);
  o.Loc(pr.budget.initial_loc);
  o.U(pr.budget.sources.size());
  for (const FundSource& s : pr.budget.sources) {
    o.S(s.name);
    o.OD(s.initial);
    o.OD(s.annual);
  }
  o.Loc(pr.budget.loc);
  o.S(pr.goal_planned);
  o.U(pr.indicators.size());
  for (const Indicator& ind : pr.indicators) {
    o.S(ind.key);
    o.U(static_cast<std::uint64_t>(ind.level1));
    o.U(static_cast<std::uint64_t>(ind.level2));
    o.S(ind.level1_text);
    o.S(ind.level2_text);
    o.S(ind.name);
    o.OD(ind.weight);
    o.Val(ind.target);
    o.B(ind.applicable);
    o.Loc(ind.loc);
    o.Loc(ind.target_loc);
    o.Loc(ind.weight_loc);
    o.Loc(ind.level1_loc);
  }
  o.U(pr.fund_management.size());
  for (const FundManagementItem& f : pr.fund_management) {
    o.S(f.item);
    o.S(f.note);
    o.S(f.issues);
  }
  o.Loc(pr.loc);

  o.OD(pub.execution_score);
  o.OD(pub.total);
  o.B(pub.grade.has_value());
  if (pub.grade) o.S(*pub.grade);
  o.U(pub.indicator_scores.size());
  for (const auto& [key, score] : pub.indicator_scores) {
    o.S(key);
    o.D(score);
  }
  o.Loc(pub.loc);

  o.U(warnings.size());
  for (const Diagnostic& d : warnings) {
    o.U(static_cast<std::uint64_t>(d.severity));
    o.S(d.code);
    o.Loc(d.loc);
    o.S(d.message);
  }
  return o.Take();
}

CompiledDefinition DecodeDefinition(std::string_view bytes, const std::string& self) {
  if (bytes.size() < sizeof kMagic + 1 || std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0) {
    throw CodecError("not a compiled definition");
  }
  if (static_cast<std::uint8_t>(bytes[sizeof kMagic]) != kFormatVersion) {
    throw CodecError("compiled definition of format " +
                     std::to_string(static_cast<std::uint8_t>(bytes[sizeof kMagic])) +
                     ", this jixiao reads format " + std::to_string(kFormatVersion));
  }
  In in(bytes.substr(sizeof kMagic + 1), self);
  CompiledDefinition out;
  Project& pr = out.project;
  pr.name = in.S();
  pr.year = in.Int();
  pr.department = in.S();
  pr.central_department = in.S();
  pr.unit = in.S();
  pr.manager = in.S();
  pr.policy = in.S();
  pr.policy_loc = in.Loc();
  pr.form = in.Enum(Form::kCentralTransfer);
  pr.target_form = in.Enum(TargetForm::kSpecialFund);
  pr.budget.initial = in.OD();
  pr.budget.annual = in.D();
  pr.budget.annual_loc = in.Loc();
  pr.budget.initial_loc = in.Loc();
  pr.budget.sources.resize(in.Count());
  for (FundSource& s : pr.budget.sources) {
    s.name = in.S();
    s.initial = in.OD();
    s.annual = in.OD();
  }
  pr.budget.loc = in.Loc();
  pr.goal_planned = in.S();
  pr.indicators.resize(in.Count());
  for (Indicator& ind : pr.indicators) {
    ind.key = in.S();
    ind.level1 = in.Enum(Level1::kSatisfaction);
    ind.level2 = in.Enum(Level2::kSatisfaction);
    ind.level1_text = in.S();
    ind.level2_text = in.S();
    ind.name = in.S();
    ind.weight = in.OD();
    ind.target = in.Val();
    ind.applicable = in.B();
    ind.loc = in.Loc();
    ind.target_loc = in.Loc();
    ind.weight_loc = in.Loc();
    ind.level1_loc = in.Loc();
  }
  pr.fund_management.resize(in.Count());
  for (FundManagementItem& f : pr.fund_management) {
    f.item = in.S();
    f.note = in.S();
    f.issues = in.S();
  }
  pr.loc = in.Loc();

  Published& pub = out.published;
  pub.execution_score = in.OD();
  pub.total = in.OD();
  if (in.B()) pub.grade = in.S();
  for (std::size_t n = in.Count(); n > 0; --n) {
    std::string key = in.S();
    pub.indicator_scores[std::move(key)] = in.D();
  }
  pub.loc = in.Loc();

  out.warnings.resize(in.Count());
  for (Diagnostic& d : out.warnings) {
    d.severity = in.Enum(Severity::kError);
    d.code = in.S();
    d.loc = in.Loc();
    d.message = in.S();
  }
  if (!in.AtEnd()) in.Bad("trailing bytes");
  return out;
}

std::string EncodeValue(const Value& value) {
  const std::string no_file;
  Out o(no_file);
  o.bytes().append(kValueMagic, sizeof kValueMagic);
  o.U(kValueVersion);
  o.Val(value);
  return o.Take();
}

Value DecodeValue(std::string_view bytes) {
  if (bytes.size() < sizeof kValueMagic + 1 ||
      std::memcmp(bytes.data(), kValueMagic, sizeof kValueMagic) != 0 ||
      static_cast<std::uint8_t>(bytes[sizeof kValueMagic]) != kValueVersion) {
    throw CodecError("not a stored value of this jixiao's format");
  }
  const std::string no_file;
  In in(bytes.substr(sizeof kValueMagic + 1), no_file);
  Value v = in.Val();
  if (!in.AtEnd()) in.Bad("trailing bytes");
  return v;
}

}  // namespace jixiao
