#include "indicators/match.h"

#include <algorithm>
#include <utility>

#include "indicators/utf8.h"
#include "indicators/value.h"

namespace jixiao {
namespace {

std::u32string CodePoints(std::string_view s) {
  std::u32string out;
  for (std::size_t i = 0; i < s.size();) {
    std::size_t len = 1;
    out.push_back(utf8::Decode(s, i, &len));
    i += len;
  }
  return out;
}

bool IsBracket(char32_t c) {
  return c == U'(' || c == U')' || c == U'[' || c == U']' || c == U'（' || c == U'）' ||
         c == U'【' || c == U'】' || c == U'〔' || c == U'〕';
}

bool IsSpace(char32_t c) { return c == U' ' || c == U'\u3000'; }

// The code points with every space that stands next to a bracket left out: such a space is a
// typing habit, not a different name.
std::u32string WithoutBracketSpaces(std::string_view s) {
  const std::u32string in = CodePoints(s);
  std::u32string out;
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (IsSpace(in[i])) {
      std::size_t j = i;
      while (j < in.size() && IsSpace(in[j])) ++j;
      const bool before_bracket = j < in.size() && IsBracket(in[j]);
      const bool after_bracket = !out.empty() && IsBracket(out.back());
      if (before_bracket || after_bracket) {
        i = j - 1;
        continue;
      }
    }
    out.push_back(in[i]);
  }
  return out;
}

std::size_t Distance(const std::u32string& a, const std::u32string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

}  // namespace

std::size_t EditDistance(std::string_view a, std::string_view b) {
  return Distance(CodePoints(a), CodePoints(b));
}

NameMatch MatchName(const std::vector<std::vector<std::string>>& names, std::string_view query) {
  NameMatch m;
  const std::string q = TrimText(query);
  if (q.empty()) return m;
  std::vector<std::size_t> exact, contains;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (std::find(names[i].begin(), names[i].end(), q) != names[i].end()) {
      exact.push_back(i);
    } else if (std::any_of(names[i].begin(), names[i].end(),
                           [&](const std::string& n) { return n.find(q) != std::string::npos; })) {
      contains.push_back(i);
    }
  }
  m.matches = !exact.empty() ? exact : contains;
  if (m.matches.size() == 1) {
    m.kind = NameMatch::Kind::kFound;
    return m;
  }
  if (!m.matches.empty()) {
    m.kind = NameMatch::Kind::kAmbiguous;
    return m;
  }
  const std::u32string nq = WithoutBracketSpaces(q);
  const std::size_t limit = std::max<std::size_t>(2, nq.size() / 3);
  std::vector<std::pair<std::size_t, std::size_t>> near;  // distance, candidate
  for (std::size_t i = 0; i < names.size(); ++i) {
    std::size_t best = limit + 1;
    for (const std::string& n : names[i])
      best = std::min(best, Distance(nq, WithoutBracketSpaces(n)));
    if (best <= limit) near.emplace_back(best, i);
  }
  std::stable_sort(near.begin(), near.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (std::size_t k = 0; k < near.size() && k < kMaxSuggestions; ++k)
    m.suggestions.push_back(near[k].second);
  return m;
}

}  // namespace jixiao
