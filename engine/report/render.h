// engine/report/render.h — turning scores, values and diagnostics into command output (text and
// JSON).
//
// The JSON shapes are a contract other tools rely on (see README "JSON output"): numbers are JSON
// numbers, rates are fractions (0.1143), and nothing in them depends on the terminal.
#ifndef JIXIAO_ENGINE_REPORT_RENDER_H_
#define JIXIAO_ENGINE_REPORT_RENDER_H_

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "engine/batch/batch.h"
#include "indicators/project.h"
#include "indicators/value.h"
#include "scoring/score.h"

namespace jixiao {

// Terminal columns of a UTF-8 string: CJK and full-width characters count two.
std::size_t DisplayWidth(std::string_view s);
// Pads s with spaces to `width` terminal columns (no truncation).
std::string PadRight(std::string_view s, std::size_t width);

nlohmann::json DiagnosticJson(const Diagnostic& d);

// {"text","kind","operator","number","unit","direction",…} or {"text","error"}.
nlohmann::json ValueJson(std::string_view text, const ParseResult& r);
// One line: how a value was read.
std::string ValueText(std::string_view text, const ParseResult& r);

// One project of `jixiao score --format json`.
nlohmann::json ScoreJson(const ProjectScore& s, const Results& results);
// One scored project of `jixiao score --format json` (the web's project too): ScoreJson with the
// load warnings first among the findings.
nlohmann::json ScoredProjectJson(const ScoredProject& p);
// Its score with the load warnings first among the findings, as score prints it.
ProjectScore WithLoadWarnings(const ScoredProject& p);
// The human-readable score of one project: execution, each indicator with its formula, total.
std::string ScoreText(const ProjectScore& s, const Results& results);

}  // namespace jixiao

#endif  // JIXIAO_ENGINE_REPORT_RENDER_H_
