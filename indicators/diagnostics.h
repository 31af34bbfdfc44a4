// indicators/diagnostics.h — where a problem is, what it is, and the error types of jixiao.
//
// User input is never rejected by the first problem found: loaders and checks collect every
// Diagnostic of a file (each with a stable code, a severity and a file:line:column location) and
// the caller reports them together. Exceptions are for what stops a command as a whole: the
// small hierarchy below, each with a code, all deriving from std::runtime_error.
#ifndef JIXIAO_INDICATORS_DIAGNOSTICS_H_
#define JIXIAO_INDICATORS_DIAGNOSTICS_H_

#include <stdexcept>
#include <string>
#include <vector>

namespace jixiao {

// A place in a user's file; line and column are 1-based, 0 when unknown.
struct SourceLoc {
  std::string file;
  int line = 0;
  int column = 0;

  // "config/x.yaml:12:5", "config/x.yaml" or "" — the prefix of every message about user input.
  std::string str() const;
  // The file as said to people: a stored definition version in the interface's language
  // ("基层医保工作站项目，定义第 1 版"), any other file unchanged.
  std::string shown_file() const;
};

// Places that are records, not files, said for people; each built here only, so that it is
// worded (and translated) in one place:
//  * a stored definition version, as a SourceLoc's file: "基层医保工作站项目, definition version
//  1";
//    SourceLoc::str() then gives "基层医保工作站项目, definition version 1, line 56" (a record
//    has lines but no file to open at a column);
//  * a row of the store's audit trail: "audit record #108" (and "audit records #12–#15").
std::string DefinitionVersionName(const std::string& project, int version);
std::string AuditRecordName(long long id);
std::string AuditRecordsName(long long first, long long last);

enum class Severity { kInfo, kWarning, kError };
std::string SeverityName(Severity s);  // "info", "warning", "error" (stable: JSON, options)
std::string SeverityLabel(
    Severity s);  // the same word in the interface's language (提示/警告/错误)

struct Diagnostic {
  Severity severity = Severity::kError;
  std::string code;  // stable, kebab-case: "unknown-operator", "weights-sum", …
  SourceLoc loc;
  std::string message;  // names the offending text: "unknown operator '≈' in target '≈95%'"

  // "config/x.yaml:12:5: error: unknown operator '≈' in target '≈95%' [unknown-operator]"
  // (the severity in the interface's language: SeverityLabel)
  std::string str() const;
};

using Diagnostics = std::vector<Diagnostic>;

bool HasErrors(const Diagnostics& ds);

// Base of jixiao's exceptions. code() is stable and machine-readable.
class Error : public std::runtime_error {
 public:
  Error(std::string code, const std::string& message)
      : std::runtime_error(message), code_(std::move(code)) {}
  const std::string& code() const { return code_; }

 private:
  std::string code_;
};

// Invalid user input, with every diagnostic found (at least one error among them).
class InputError : public Error {
 public:
  explicit InputError(Diagnostics diagnostics);
  const Diagnostics& diagnostics() const { return diagnostics_; }

 private:
  Diagnostics diagnostics_;
};

// A file that cannot be read or written.
class IoError : public Error {
 public:
  explicit IoError(const std::string& message) : Error("io", message) {}
};

// A command used wrongly (unknown policy name, contradictory options).
class UsageError : public Error {
 public:
  explicit UsageError(const std::string& message) : Error("usage", message) {}
  // With a code of its own ("user-exists", …) for callers that tell the cases apart.
  UsageError(std::string code, const std::string& message) : Error(std::move(code), message) {}
};

}  // namespace jixiao

#endif  // JIXIAO_INDICATORS_DIAGNOSTICS_H_
