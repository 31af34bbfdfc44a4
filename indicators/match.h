// indicators/match.h — how every command finds what a person names: a project, an indicator, a
// fund source. One function, so that every door matches the same way.
//
// Contract:
//  * A candidate has one or more names (a project its name; an indicator its 三级 name and its
//    key). The query is trimmed; an empty query matches nothing.
//  * An exact name wins. Otherwise every candidate with a name that contains the query (any
//    substring, compared byte for byte on UTF-8) matches; one such candidate is the answer, more
//    are ambiguous (all of them are returned, in input order).
//  * None: the suggestions are the candidates whose names are closest to the query by edit
//    distance on code points, where a space next to an ASCII or full-width bracket costs nothing
//    (`补助(中央)` finds `补助 (中央)`); at most kMaxSuggestions, nearest first, and only those
//    within a third of the query's length (at least 2 edits).
#ifndef JIXIAO_INDICATORS_MATCH_H_
#define JIXIAO_INDICATORS_MATCH_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace jixiao {

inline constexpr std::size_t kMaxSuggestions = 3;

struct NameMatch {
  enum class Kind { kFound, kAmbiguous, kNone };
  Kind kind = Kind::kNone;
  std::vector<std::size_t> matches;      // indices into the candidates: one when found
  std::vector<std::size_t> suggestions;  // for kNone: the nearest candidates
};

// `names[i]` are the names of candidate i.
NameMatch MatchName(const std::vector<std::vector<std::string>>& names, std::string_view query);

// Levenshtein distance between a and b on code points.
std::size_t EditDistance(std::string_view a, std::string_view b);

}  // namespace jixiao

#endif  // JIXIAO_INDICATORS_MATCH_H_
