// scoring/catalogue.h — every finding code jixiao reports, and the one severity of a finding.
//
// The catalogue describes each code (its default severity, the rule's source as a section of
// docs/rules.md, what it means, what to do): it powers `jixiao audit --explain CODE`. A finding
// has one severity everywhere (score, check, audit, JSON): the project's policy may set it per code
// (`severities:` in config/policies/*.yaml), else the catalogue's default applies. A code whose
// default is error stops the project from being scored and keeps its severity.
#ifndef JIXIAO_SCORING_CATALOGUE_H_
#define JIXIAO_SCORING_CATALOGUE_H_

#include <span>
#include <string_view>

#include "indicators/diagnostics.h"
#include "indicators/i18n.h"
#include "scoring/policy.h"

namespace jixiao {

// What the audit knows about a code.
struct AuditRule {
  std::string_view code;
  Severity severity;         // the default, when the policy does not set it
  std::string_view source;   // the rule's source, as cited in findings
  std::string_view meaning;  // what the finding means
  std::string_view action;   // what to do about it
};

// Every code Audit() can report, sorted by code. Codes of the loader's input checks that are not
// listed here come out of Audit() with the source kInputCheckSource.
std::span<const AuditRule> AuditCatalogue();
const AuditRule* FindAuditRule(std::string_view code);  // nullptr when unknown

inline constexpr std::string_view kInputCheckSource = N_("input check (jixiao check)");

// The severity of a finding of `code` under `policy`: the policy's `severities` entry, else the
// catalogue's default, else `otherwise` (a code the catalogue does not list).
Severity FindingSeverity(const Policy& policy, std::string_view code, Severity otherwise);
// Each diagnostic's severity set by FindingSeverity (its own severity as `otherwise`).
void ApplySeverities(const Policy& policy, Diagnostics& ds);

}  // namespace jixiao

#endif  // JIXIAO_SCORING_CATALOGUE_H_
