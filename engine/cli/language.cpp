// The door's choice of language and time zone (indicators/i18n.h): the only place that reads
// LC_ALL, LC_MESSAGES, LANG and TZ. --lang and --tz are read from argv before the command line is
// built, so that --help itself is in the chosen language.
#include <fmt/args.h>

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <optional>
#include <regex>
#include <string_view>

#include "engine/cli/app.h"
#include "indicators/i18n.h"

namespace jixiao {
namespace {

// The value of --NAME VALUE or --NAME=VALUE in argv (the last one given), or nullopt.
std::optional<std::string> PreScan(int argc, const char* const* argv, std::string_view name) {
  std::optional<std::string> found;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "--") break;
    if (a == name && i + 1 < argc) {
      found = argv[++i];
    } else if (a.size() > name.size() && a.substr(0, name.size()) == name &&
               a[name.size()] == '=') {
      found = std::string(a.substr(name.size() + 1));
    }
  }
  return found;
}

const char* Env(const char* name) {
  const char* v = std::getenv(name);
  return v && *v ? v : nullptr;
}

}  // namespace

std::optional<std::string> ChooseLanguageAndZone(int argc, const char* const* argv) {
  Lang lang = Lang::kEn;
  const std::optional<std::string> lang_option = PreScan(argc, argv, "--lang");
  std::optional<std::string> problem;
  if (lang_option && *lang_option != "zh" && *lang_option != "en") {
    problem = "--lang " + *lang_option;  // said in the environment's language
  }
  if (lang_option && !problem) {
    if (*lang_option == "zh") lang = Lang::kZh;
  } else {
    const char* locale = Env("LC_ALL");
    if (!locale) locale = Env("LC_MESSAGES");
    if (!locale) locale = Env("LANG");
    if (locale) lang = LangOfLocale(locale);
  }
  ActivateLanguage(lang, FindCatalogueDir());
  if (problem) {
    return TrF("{}: the language is zh (中文) or en (English)", *problem);
  }

  // Times are shown in local time: --tz, else TZ, else 北京时间.
  std::optional<std::string> zone = PreScan(argc, argv, "--tz");
  if (zone) {
    const std::filesystem::path file = std::filesystem::path("/usr/share/zoneinfo") / *zone;
    std::error_code ec;
    if (zone->empty() || zone->find("..") != std::string::npos ||
        !std::filesystem::is_regular_file(file, ec)) {
      return TrF("--tz {}: unknown time zone; write a zone name such as Asia/Shanghai or UTC",
                 *zone);
    }
  } else if (!Env("TZ")) {
    zone = "Asia/Shanghai";
  }
  if (zone) setenv("TZ", zone->c_str(), 1);
  tzset();
  return std::nullopt;
}

void TranslateHelp(CLI::App& app) {
  auto f = app.get_formatter();
  for (const char* label :
       {N_("Usage"), N_("OPTIONS"), N_("SUBCOMMAND"), N_("SUBCOMMANDS"), N_("Positionals"),
        N_("REQUIRED"), N_("Env"), N_("Needs"), N_("Excludes")}) {
    f->label(label, Tr(label));
  }
  // CLI11's own flags, described by CLI11.
  static_cast<void>(N_("Print this help message and exit"));
  static_cast<void>(N_("Display program version information and exit"));
  // The descriptions of every subcommand and option (extracted from their add_subcommand,
  // add_option and add_flag calls: scripts/extract-messages), the groups' names.
  std::vector<CLI::App*> apps{&app};
  for (std::size_t i = 0; i < apps.size(); ++i) {
    for (CLI::App* sub : apps[i]->get_subcommands({})) {
      sub->group(Tr("Subcommands"));
      sub->description(Tr(sub->get_description().c_str()));
      apps.push_back(sub);
    }
    for (CLI::Option* opt : apps[i]->get_options()) {
      if (opt->get_group() == "Options") opt->group(Tr("Options"));
      if (!opt->get_description().empty()) opt->description(Tr(opt->get_description().c_str()));
    }
  }
}

}  // namespace jixiao

namespace jixiao {

namespace {

// CLI11's English texts (CLI11 2.x: its Error.hpp and Validators.hpp) and their translations:
// the groups of `pattern` are the placeholders {0}, {1} … of `msgid`, in order. A text that no
// pattern reads keeps CLI11's English behind the translated lead.
struct CliText {
  const char* error;  // the error's type (ErrorKind)
  const char* pattern;
  const char* msgid;
};
constexpr CliText kCliTexts[] = {
    {"RequiredError", "A subcommand is required",
     N_("a command is required: write one of the commands that `jixiao --help` lists")},
    {"RequiredError", "(.+) is required", N_("{0} is required and was not given")},
    {"ExtrasError", "The following arguments? (?:was|were) not expected: (.+)",
     N_("no option or argument of this command reads {0}: look for a misspelt option name, a "
        "missing '--' before a value that starts with '-', or a value given twice")},
    {"ValidationError", "(.+): (.+) not in \\{(.*)\\}",
     N_("{0}: '{1}' is not one of the values it takes ({2})")},
    {"ValidationError", "(.+): File does not exist: (.+)",
     N_("{0}: the file '{1}' does not exist")},
    {"ValidationError", "(.+): File is actually a directory: (.+)",
     N_("{0}: '{1}' is a folder, not a file")},
    {"ValidationError", "(.+): Directory does not exist: (.+)",
     N_("{0}: the folder '{1}' does not exist")},
    {"ValidationError", "(.+): Directory is actually a file: (.+)",
     N_("{0}: '{1}' is a file, not a folder")},
    {"ValidationError", "(.+): Path does not exist: (.+)", N_("{0}: '{1}' does not exist")},
    {"ValidationError",
     "(.+): Value (.+) not in range (-?[0-9]+(?:\\.[0-9]*[1-9])?)\\.?0* to "
     "(-?[0-9]+(?:\\.[0-9]*[1-9])?)\\.?0*",
     N_("{0}: write a number from {2} to {3} (not '{1}')")},
    {"ValidationError", "(.+): Value (.+) could not be converted",
     N_("{0}: the value '{1}' is not a number")},
    {"ValidationError", "(.+): Failed parsing (.+) as a (.+)",
     N_("{0}: the value '{1}' cannot be read as {2}")},
    {"ConversionError", "The value (.+) is not an allowed value for (.+)",
     N_("{1}: the value '{0}' is not allowed")},
    {"ConversionError", "Could not convert: (.+) = (.+)",
     N_("{0}: the value '{1}' cannot be read")},
    {"ConversionError", "(.+): too many inputs for a flag",
     N_("{0} takes no value: write the option alone")},
    {"ConversionError", "(.+): Should be true/false or a number",
     N_("{0}: write true, false or a number")},
    {"ArgumentMismatch", "(.+): (\\d+) required (.+) missing",
     N_("{0} needs a value ({2}) after it, and none was given")},
    {"ArgumentMismatch", "(.+): At least (\\d+) required but received (\\d+)",
     N_("{0} needs at least {1} value(s), and {2} were given")},
    {"ArgumentMismatch", "(.+): At Most (\\d+) required but received (\\d+)",
     N_("{0} takes at most {1} value(s), and {2} were given")},
    {"ArgumentMismatch", "Expected exactly (\\d+) arguments to (.+), got (\\d+)",
     N_("{1} takes exactly {0} value(s), and {2} were given")},
    {"ArgumentMismatch", "Expected at least (\\d+) arguments to (.+), got (\\d+)",
     N_("{1} needs at least {0} value(s), and {2} were given")},
    {"ExcludesError", "(.+) excludes (.+)", N_("{0} and {1} cannot be given together")},
    {"RequiresError", "(.+) requires (.+)", N_("{0} is given only with {1}")},
};

// The type of a CLI11 error by its class (get_name() is the subcommand's name for some errors).
std::string ErrorKind(const CLI::ParseError& e) {
  if (dynamic_cast<const CLI::ExtrasError*>(&e)) return "ExtrasError";
  if (dynamic_cast<const CLI::RequiredError*>(&e)) return "RequiredError";
  if (dynamic_cast<const CLI::ValidationError*>(&e)) return "ValidationError";
  if (dynamic_cast<const CLI::ConversionError*>(&e)) return "ConversionError";
  if (dynamic_cast<const CLI::ArgumentMismatch*>(&e)) return "ArgumentMismatch";
  if (dynamic_cast<const CLI::ExcludesError*>(&e)) return "ExcludesError";
  if (dynamic_cast<const CLI::RequiresError*>(&e)) return "RequiresError";
  return e.get_name();
}

// The translation of CLI11's text by the first pattern of its error that reads it whole.
std::optional<std::string> TranslatedCliText(const std::string& name, const std::string& what) {
  for (const CliText& t : kCliTexts) {
    if (name != t.error) continue;
    std::smatch m;
    if (!std::regex_match(what, m, std::regex(t.pattern))) continue;
    fmt::dynamic_format_arg_store<fmt::format_context> args;
    for (std::size_t i = 1; i < m.size(); ++i) args.push_back(m[i].str());
    try {
      return fmt::vformat(Tr(t.msgid), args);
    } catch (const fmt::format_error&) {
      return std::nullopt;
    }
  }
  return std::nullopt;
}

}  // namespace

std::string CliErrorText(const CLI::ParseError& e) {
  // CLI11 writes its messages in English: in another language they are translated whole where
  // a pattern reads them, else they follow a translated lead that says what kind of mistake it
  // is. English: CLI11's text unchanged.
  const std::string name = ErrorKind(e);
  const char* lead = N_("the command line cannot be read");
  if (name == "ExtrasError") lead = N_("arguments that no option takes");
  if (name == "RequiredError") lead = N_("a required argument is missing");
  if (name == "ValidationError") lead = N_("an argument's value is not valid");
  if (name == "ConversionError") lead = N_("an argument's value cannot be read");
  if (name == "ArgumentMismatch") lead = N_("an option has the wrong number of values");
  if (name == "ExcludesError") lead = N_("options that cannot be given together");
  if (name == "RequiresError") lead = N_("an option needs another option");
  const std::string translated = Tr(lead);
  if (translated == lead) return e.what();
  if (std::optional<std::string> whole = TranslatedCliText(name, e.what())) {
    return TrF("{0}: {1}", translated, *whole);
  }
  return TrF("{0}: {1}", translated, e.what());
}

}  // namespace jixiao
