// tests/engine/seed_cells.h — a Grid compared cell by cell with a table of a seed's text.
//
// The seed texts are PDF extractions: a table's cells are separated by tabs (seeds 001, 003,
// 004) or by spaces and line breaks (000, 002), and a long cell may be broken over lines. So the
// seed's lines are cut into tokens at tabs, spaces and line breaks, and a Grid cell matches when
// the next tokens, joined, read exactly its text. Text is compared after the normalisation every
// reader of jixiao applies (full-width ASCII folded: （）：→ ():) with the extraction's markup
// (<b>, <p>) removed. The walk goes through the Grid in reading order (row by row); a cell is
// looked for among the next few tokens only, so that a repeated text (明显提升) cannot match far
// ahead. A cell not found there is looked for, after the walk, among the tokens no cell took (the
// extraction prints some merged labels a line late).
//
// Each Grid cell with text counts as one of:
//   equal        its text is the seed's;
//   documented   a difference listed by the test with its reason (or the same amount written
//                with decimals: 90 / 90.00);
//   other        not found.
// and each seed token no cell matched as documented (listed by the test: a merged cell the
// extraction repeats on each row) or other.
#ifndef JIXIAO_TESTS_ENGINE_SEED_CELLS_H_
#define JIXIAO_TESTS_ENGINE_SEED_CELLS_H_

#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "engine/report/tables.h"
#include "indicators/value.h"

namespace jixiao::seedcells {

struct Counts {
  int equal = 0, documented = 0, other = 0;
  std::vector<std::string> others;           // what was not matched, for the failure message
  std::vector<std::string> documented_list;  // which differences were met, for the message
};

// Known differences: a Grid text and the seed's text for it (both as written), with why.
struct Difference {
  std::string grid, seed, why;
};

inline std::string Normal(const std::string& s) {
  std::string t = s;
  for (const char* tag : {"<b>", "</b>", "<p>", "</p>"}) {
    for (std::size_t at; (at = t.find(tag)) != std::string::npos;)
      t.erase(at, std::string(tag).size());
  }
  t = NormalizeText(t);
  std::string out;
  for (char c : t)
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') out.push_back(c);
  return out;
}

// Lines [first, last] (1-based) of a seed file, cut into normalised tokens.
inline std::vector<std::string> SeedTokens(const std::string& file, int first, int last) {
  std::ifstream in(file);
  std::string line;
  std::vector<std::string> tokens;
  for (int n = 1; std::getline(in, line); ++n) {
    if (n < first || n > last) continue;
    std::string cur;
    const auto flush = [&] {
      const std::string t = Normal(cur);
      if (!t.empty()) tokens.push_back(t);
      cur.clear();
    };
    for (std::size_t i = 0; i < line.size(); ++i) {
      const char c = line[i];
      if (c == '\t' || c == ' ') {
        flush();
      } else if (line.compare(i, 3, "\xE3\x80\x80") == 0) {  // ideographic space
        flush();
        i += 2;
      } else {
        cur.push_back(c);
      }
    }
    flush();
  }
  return tokens;
}

// Whether tokens[i..j) joined read `want`; j is set past them.
inline bool JoinedMatch(const std::vector<std::string>& tokens, std::size_t i,
                        const std::string& want, std::size_t* j) {
  std::string acc;
  for (std::size_t k = i; k < tokens.size() && acc.size() < want.size(); ++k) {
    acc += tokens[k];
    if (acc == want) {
      *j = k + 1;
      return true;
    }
    if (want.compare(0, acc.size(), acc) != 0) return false;
  }
  return false;
}

inline bool SameAmount(const jixiao::report::Cell& c, const std::string& token) {
  if (!c.number) return false;
  char* end = nullptr;
  const double x = std::strtod(token.c_str(), &end);
  return end && *end == '\0' && end != token.c_str() && std::abs(x - *c.number) < 1e-9;
}

inline Counts Compare(const jixiao::report::Grid& g, const std::vector<std::string>& tokens,
                      const std::vector<Difference>& differences,
                      const std::set<std::string>& seed_only_documented) {
  constexpr std::size_t kWindow = 8;
  Counts n;
  std::vector<bool> used(tokens.size(), false);
  std::vector<const jixiao::report::Cell*> missed;
  std::size_t cursor = 0;
  for (const jixiao::report::Cell& c : g.cells) {
    const std::string want = Normal(c.text);
    if (want.empty()) continue;
    bool done = false;
    for (std::size_t i = cursor; i < tokens.size() && i < cursor + kWindow && !done; ++i) {
      std::size_t j = 0;
      if (JoinedMatch(tokens, i, want, &j)) {
        ++n.equal;
      } else if (SameAmount(c, tokens[i])) {
        ++n.documented;
        n.documented_list.push_back(c.text + " / " + tokens[i]);
        j = i + 1;
      } else {
        for (const Difference& d : differences) {
          if (Normal(d.grid) == want && JoinedMatch(tokens, i, Normal(d.seed), &j)) {
            ++n.documented;
            n.documented_list.push_back(c.text + " / " + d.seed);
            break;
          }
        }
        if (j == 0) continue;
      }
      for (std::size_t k = i; k < j; ++k) used[k] = true;
      cursor = j;
      done = true;
    }
    if (!done) missed.push_back(&c);
  }
  // Second pass: a cell the extraction moved (a merged label printed on a later line) is looked
  // for among the tokens no cell took, anywhere in the table.
  for (const jixiao::report::Cell* c : missed) {
    const std::string want = Normal(c->text);
    bool found = false;
    for (std::size_t i = 0; i < tokens.size() && !found; ++i) {
      if (used[i]) continue;
      std::size_t j = 0;
      const bool same = JoinedMatch(tokens, i, want, &j);
      if (!same && SameAmount(*c, tokens[i])) j = i + 1;
      if (j == 0) continue;
      bool free = true;
      for (std::size_t k = i; k < j; ++k) free = free && !used[k];
      if (!free) continue;
      (same ? n.equal : n.documented) += 1;
      if (!same) n.documented_list.push_back(c->text + " / " + tokens[i]);
      for (std::size_t k = i; k < j; ++k) used[k] = true;
      found = true;
    }
    for (std::size_t d = 0; d < differences.size() && !found; ++d) {
      if (Normal(differences[d].grid) != want) continue;
      for (std::size_t i = 0; i < tokens.size() && !found; ++i) {
        std::size_t j = 0;
        if (used[i] || !JoinedMatch(tokens, i, Normal(differences[d].seed), &j)) continue;
        ++n.documented;
        n.documented_list.push_back(c->text + " / " + differences[d].seed);
        for (std::size_t k = i; k < j; ++k) used[k] = true;
        found = true;
      }
    }
    if (!found) {
      ++n.other;
      n.others.push_back("grid: " + c->text);
    }
  }
  for (std::size_t k = 0; k < tokens.size(); ++k) {
    if (used[k]) continue;
    if (seed_only_documented.count(tokens[k])) {
      ++n.documented;
      n.documented_list.push_back("seed only: " + tokens[k]);
    } else {
      ++n.other;
      n.others.push_back("seed: " + tokens[k]);
    }
  }
  return n;
}

}  // namespace jixiao::seedcells

#endif  // JIXIAO_TESTS_ENGINE_SEED_CELLS_H_
