#!/usr/bin/env bash
# Translation coverage: every message of the sources has its Chinese, and nothing else does.
#  1. the template is extracted again from the sources (scripts/extract-messages);
#  2. every msgid of it has a Chinese msgstr in config/locale/zh_CN.po, not fuzzy;
#  3. zh_CN.po holds no msgid the sources no longer have (no obsolete #~ entry either);
#  4. every audit rule of the catalogue (scoring/catalogue.cpp) has its meaning and action marked
#     N_ (so they are in the template and translated by 2), and every diagnostic code emitted in
#     the sources comes with a translated message (Tr or TrF in the same statement).
# Usage: coverage.sh SOURCE_DIR
set -u
src=$(cd "$1" && pwd)
po=$src/config/locale/zh_CN.po
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
bash "$src/scripts/extract-messages" "$src" "$work/jixiao.pot" || exit 2
total=$(grep -c '^msgid ' "$work/jixiao.pot")
total=$((total > 0 ? total - 1 : 0))

# 2 and 3: the catalogue merged with the template: untranslated entries are messages without
# their Chinese, obsolete ones are msgids the sources no longer have.
msgmerge --quiet --no-fuzzy-matching --no-wrap "$po" "$work/jixiao.pot" -o "$work/merged.po" || exit 2
untranslated=$(msgattrib --untranslated --no-obsolete --no-wrap "$work/merged.po" |
  grep '^msgid "..*"$')
if [ -n "$untranslated" ]; then
  echo "i18n: messages without a Chinese translation in config/locale/zh_CN.po:"
  echo "$untranslated" | head -60
  status=1
fi
fuzzy=$(msgattrib --only-fuzzy --no-wrap "$po" | grep '^msgid "..*"$')
if [ -n "$fuzzy" ]; then
  echo "i18n: fuzzy entries in zh_CN.po (check them and remove the fuzzy flag):"
  echo "$fuzzy" | head -20
  status=1
fi
obsolete=$(msgattrib --only-obsolete --no-wrap "$work/merged.po" | grep '^#~ msgid "..*"$')
if [ -n "$obsolete" ] || grep -q '^#~' "$po"; then
  echo "i18n: msgids of zh_CN.po that the sources no longer have (delete them):"
  echo "$obsolete" | head -60
  grep '^#~ msgid' "$po" | head -20
  status=1
fi

# The placeholders of each translation fit its message: as many {} (or the same {N}), never
# both kinds (fmt refuses to mix them).
bad_placeholders=$(perl -CSD -ne '
  if (/^msgid "(.*)"$/) { $id = $1; next }
  next unless /^msgstr "(.+)"$/ && defined $id && $id ne "";
  my $str = $1;
  my $count = sub {
    my $t = shift; $t =~ s/\{\{|\}\}//g;
    my $auto = () = $t =~ /\{\}/g;
    my %num = map { $_ => 1 } ($t =~ /\{(\d+)\}/g);
    return ($auto, scalar keys %num);
  };
  my ($ia, $in) = $count->($id);
  my ($sa, $sn) = $count->($str);
  print "  $id\n" if ($sa && $sn) || ($ia || $in) != ($sa || $sn);
' "$work/merged.po")
if [ -n "$bad_placeholders" ]; then
  echo "i18n: translations whose placeholders do not fit their message:"
  echo "$bad_placeholders"
  status=1
fi

# 4a. The audit catalogue: each entry's texts are N_ literals (the code stays ASCII).
awk '/^constexpr AuditRule kCatalogue\[\] = \{/{on=1; next} on && /^};/{on=0} on' \
  "$src/scoring/catalogue.cpp" | tr '\n' ' ' | sed 's/{"/\n{"/g' | grep '^{"' >"$work/rules"
rules=$(wc -l <"$work/rules")
# A catalogue not found (moved, renamed) must fail, not check nothing.
if [ "$rules" -lt 40 ]; then
  echo "i18n: only $rules audit rules read from scoring/catalogue.cpp: has the catalogue moved?"
  status=1
fi
while IFS= read -r rule; do
  code=${rule#\{\"}
  code=${code%%\"*}
  # Every literal but the code must stand inside N_( … ).
  rest=$(printf '%s' "$rule" | sed -E 's/^\{"[^"]*"//; s/N_\(("([^"\\]|\\.)*"[[:space:]]*)+\)//g')
  if printf '%s' "$rest" | grep -q '"'; then
    echo "i18n: audit rule $code: a text of its catalogue entry is not marked N_(…)"
    status=1
  fi
done <"$work/rules"
# 4b. Diagnostic codes: a statement that passes a code literal to Error/Warning/Info/Add…
# (a kebab-case word) carries its message through Tr or TrF.
grep -rnE --include='*.cpp' '(\b(Error|Warn|Add|Refuse)\(([^;"]*, )?|Diagnostic\{Severity::k[A-Za-z]+, )"[a-z0-9]+(-[a-z0-9]+)+",' \
  "$src/indicators" "$src/scoring" "$src/engine" | grep -vE '\bTrF?\(' >"$work/codes" || true
# A message may follow on the next lines: look at the statement up to its semicolon. A message
# translated where it was made (an exception's what(), another diagnostic's message) is marked
# with the comment "i18n: translated" in the statement.
while IFS=: read -r file line _; do
  stmt=$(sed -n "${line},\$p" "$file" | awk '{print} /;[[:space:]]*(\/\/.*)?$/{exit}')
  if ! printf '%s' "$stmt" | grep -qE '\bTrF?\(|i18n: translated'; then
    echo "i18n: ${file#"$src"/}:$line: a diagnostic code with a message not translated (Tr/TrF)"
    status=1
  fi
done <"$work/codes"

translated=$(msgattrib --translated --no-fuzzy --no-obsolete --no-wrap "$work/merged.po" | grep -c '^msgid "..*"$')
echo "i18n: $total message ids in the sources, $translated translated in zh_CN.po; $rules audit rules"
exit $status
