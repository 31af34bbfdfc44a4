// engine/io/yaml_writer.h — writing a ProjectFile as a jixiao project definition (YAML).
//
// The output follows config/example.yaml: the same keys in the same order, indicators grouped
// 一级 → 二级 in order of first appearance, one flow-style entry per indicator
// (`- {name: …, weight: …, target: …}`) where it fits on a line, block style otherwise. Every
// scalar that YAML would misread is double-quoted: text starting with > < * & ! % @ ` | { [ , # ?
// - : or a quote, text that reads as a number, boolean or null, and text holding ': ', ' #', or a
// flow indicator (, [ ] { }).
//
// Contract: LoadProjectText(WriteProjectYaml(pf)) gives back the same project, results and
// published figures (indicator order may change only where the source interleaved 二级 groups).
#ifndef JIXIAO_ENGINE_IO_YAML_WRITER_H_
#define JIXIAO_ENGINE_IO_YAML_WRITER_H_

#include <string>
#include <string_view>

#include "indicators/project.h"

namespace jixiao {

struct YamlWriteOptions {
  std::string header_comment;    // written first, each line prefixed with "# "; "" for none
  std::size_t flow_width = 110;  // longest flow-style indicator line before block style is used
};

std::string WriteProjectYaml(const ProjectFile& pf, const YamlWriteOptions& options = {});

// A scalar as YAML reads it back unchanged: plain where safe, else double-quoted.
std::string YamlScalar(std::string_view text);

}  // namespace jixiao

#endif  // JIXIAO_ENGINE_IO_YAML_WRITER_H_
