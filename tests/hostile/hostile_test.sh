#!/usr/bin/env bash
# migready against deliberately broken LDAP and HTTPS servers (tests/hostile/): see
# hostile_test.py. Runs under the ASan+UBSan build too (scripts/test.sh).
# usage: hostile_test.sh MIGREADY_BINARY PROJECT_ROOT [measured|unmeasured]
. "$2/tests/skip.sh"
/usr/bin/python3 -c 'import cryptography' 2>/dev/null || skip_or_fail "python3-cryptography is not installed"
exec /usr/bin/python3 "$2/tests/hostile/hostile_test.py" "$1" "$2" "${3:-measured}"
