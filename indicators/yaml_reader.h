// indicators/yaml_reader.h — the one located-YAML reader of jixiao: project definitions
// (indicators/loader.h) and policy files (scoring/policy.h) are read through it.
//
// Contract: nothing here throws on bad user input. PrecheckYaml refuses what must not reach
// yaml-cpp (too large, not UTF-8, tabs in indentation, runaway nesting or parses, unclosed quotes),
// each with a located diagnostic that says what to write instead. YamlReader then walks the parsed
// nodes, collecting every problem (wrong types, duplicate and unknown keys, unreadable numbers) at
// file:line:column as people count it, instead of stopping at the first.
#ifndef JIXIAO_INDICATORS_YAML_READER_H_
#define JIXIAO_INDICATORS_YAML_READER_H_

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "indicators/diagnostics.h"

namespace jixiao {

// User text quoted in a message: 'text', at most 80 characters, on one line.
std::string Quoted(std::string_view text);

// Checks that text is UTF-8, naming the likely encoding when it is not (GBK/GB18030, UTF-16).
// Strips a UTF-8 byte-order mark. Returns "" when fine, else the message, and sets *line to the
// first line that is not UTF-8 (0 when the whole file is, e.g. UTF-16); `text` is updated.
std::string CheckEncoding(std::string& text, int* line);

// The location of a YAML parser mark (0-based line and byte column, byte offset `pos` into
// `text`) as people count it: 1-based, columns in characters.
SourceLoc LocateMark(const std::string& file, std::string_view text, int line, int column, int pos);

// The checks every YAML file of jixiao gets before it is parsed, in order, stopping at the first
// that fails: size (more than max_bytes: "too-large"), encoding (CheckEncoding; a BOM is
// stripped from `text`), nothing but white space ("empty-file"), tabs in indentation ("yaml-tab",
// every line), [ and { nested more than 64 deep ("too-deep"), a quote that opens a value and is
// never closed ("yaml-unclosed-quote", at the quote), a parse that would never end
// ("yaml-syntax"). Lone CRs become LFs in `text`.
Diagnostics PrecheckYaml(std::string& text, const std::string& filename, std::size_t max_bytes);

// A file over `max_bytes`, refused before it is copied or parsed: "file is N bytes; a `kind` file
// may have at most M bytes (1 MiB)" [too-large]; nothing when it fits.
std::optional<Diagnostic> TooLarge(std::size_t size, std::size_t max_bytes,
                                   const std::string& filename, std::string_view kind);

// The text of one YAML file, ready to parse: refused when over `max_bytes` before it is copied
// (TooLarge, naming the `kind` of file), then PrecheckYaml. Diagnostics go to *out; nullopt when
// an error stops the file there.
std::optional<std::string> ReadyYaml(std::string_view text, const std::string& filename,
                                     std::size_t max_bytes, std::string_view kind,
                                     Diagnostics* out);

// Whether `text` may hold what sends yaml-cpp 0.7's parser into an endless loop: a ',' outside
// flow collections (found by fuzz_loader). PrecheckYaml then runs its guard, a second parse with
// an event budget. False only when the text's comments, quoted scalars and [ ] { } are followed
// exactly and every ',' is inside a flow collection; anything else answers true.
bool MayRunAway(std::string_view text);

// yaml-cpp's syntax message with the line it points at and what usually causes it (an unclosed
// bracket or quote, a missing ':', a value starting with > or | that needs quotes).
std::string SyntaxMessage(std::string_view text, const YAML::Exception& e);
// A yaml-cpp parser message ("end of map not found") in the interface's language; a message jixiao
// does not know is returned as yaml-cpp wrote it.
std::string YamlCppMessage(const std::string& msg);

// Walks the nodes of one parsed file, collecting diagnostics into `out` instead of stopping.
class YamlReader {
 public:
  // `text` is the text that was parsed (it must outlive the reader). `key_code` is the code of
  // "a key must be text" (each kind of file keeps the code it has always had).
  YamlReader(std::string file, std::string_view text, Diagnostics* out,
             std::string key_code = "schema")
      : file_(std::move(file)), text_(text), out_(out), key_code_(std::move(key_code)) {}

  SourceLoc Loc(const YAML::Node& n) const { return Loc(n.Mark()); }
  SourceLoc Loc(const YAML::Mark& m) const {
    return LocateMark(file_, text_, m.line, m.column, m.pos);
  }

  void Error(const SourceLoc& loc, std::string code, std::string message) {
    out_->push_back(Diagnostic{Severity::kError, std::move(code), loc, std::move(message)});
  }
  void Warn(const SourceLoc& loc, std::string code, std::string message) {
    out_->push_back(Diagnostic{Severity::kWarning, std::move(code), loc, std::move(message)});
  }

  // "a mapping", "a list", "nothing" or the quoted scalar: what was found instead.
  static std::string KindName(const YAML::Node& n);

  // Calls f(key, key_node, value_node) for a mapping's entries in order, refusing keys that are
  // not text, duplicate keys and, when `known` is not empty, keys not in it.
  template <typename F>
  void ForEachKey(const YAML::Node& map, const std::string& what,
                  const std::vector<std::string_view>& known, F&& f) {
    std::set<std::string> seen;
    for (auto it = map.begin(); it != map.end(); ++it) {
      // Copies: `it->first` lives in a temporary that dies with the statement (yaml-cpp's
      // iterator yields its pairs by value); a reference to it dangled (found by fuzz_loader).
      const YAML::Node k = it->first;
      const YAML::Node v = it->second;
      if (const auto key = CheckKey(k, what, known, &seen)) f(*key, k, v);
    }
  }

  // A scalar as text ("" for nothing); otherwise an error [wrong-type] and nullopt.
  std::optional<std::string> Text(const YAML::Node& n, const std::string& what);

  // A plain number (ParsePlainNumber: no unit, no operator); otherwise an error [wrong-type,
  // bad-number] that says how to write it ("20分" → write 20) and nullopt.
  std::optional<double> Number(const YAML::Node& n, const std::string& what);

  const std::string& file() const { return file_; }

 private:
  // The key's text when it may be read; nullopt after reporting why not.
  std::optional<std::string> CheckKey(const YAML::Node& k, const std::string& what,
                                      const std::vector<std::string_view>& known,
                                      std::set<std::string>* seen);

  std::string file_;
  std::string_view text_;
  Diagnostics* out_;
  std::string key_code_;
};

}  // namespace jixiao

#endif  // JIXIAO_INDICATORS_YAML_READER_H_
