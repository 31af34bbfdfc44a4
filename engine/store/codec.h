// engine/store/codec.h — the compiled form of a stored definition: a loaded ProjectFile's
// definition (Project), its published figures and its load warnings as compact bytes, so that
// reading a project back from the store costs no YAML parse.
//
// Contract:
//  * The stored YAML text stays the record; the compiled form is derived from it, written beside
//    it by `load` (and by the schema migration), and may always be rebuilt from it.
//  * Decode(Encode(x)) reproduces every field of Project, Published and the warnings, with one
//    substitution: locations in the definition's own file (`self` when encoding) name the
//    `self` given to Decode, so that they follow the store's current path and version.
//  * The bytes start with a magic and a format version. Decode refuses bytes of another format
//    version, and any truncated or malformed input, by throwing CodecError; callers then read
//    the YAML text instead. It never reads past the input.
#ifndef JIXIAO_ENGINE_STORE_CODEC_H_
#define JIXIAO_ENGINE_STORE_CODEC_H_

#include <string>
#include <string_view>

#include "indicators/diagnostics.h"
#include "indicators/project.h"
#include "indicators/value.h"

namespace jixiao {

class CodecError : public Error {
 public:
  explicit CodecError(const std::string& message) : Error("compiled-definition", message) {}
};

// What the compiled form holds: everything of a ProjectFile but the results.
struct CompiledDefinition {
  Project project;
  Published published;
  Diagnostics warnings;  // the loader's warnings and notes (never errors)
};

// `self`: the file name the locations of this definition carry (the loaded file's path).
std::string EncodeDefinition(const Project& project, const Published& published,
                             const Diagnostics& warnings, const std::string& self);

// `self`: the name those locations get now ("jixiao.db: 项目 v3").
CompiledDefinition DecodeDefinition(std::string_view bytes, const std::string& self);

// One value (a stored actual) as compact bytes, for the typed column of a result: the whole
// reading, so that a read needs no parse. The bytes start with their own magic and version;
// DecodeValue throws CodecError on anything else.
std::string EncodeValue(const Value& value);
Value DecodeValue(std::string_view bytes);

}  // namespace jixiao

#endif  // JIXIAO_ENGINE_STORE_CODEC_H_
