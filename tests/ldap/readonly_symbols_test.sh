#!/usr/bin/env bash
# Read-only by construction: the built binary does not even reference a libldap function that
# could change a directory. (The live tests prove the same from slapd's own log.)
# usage: readonly_symbols_test.sh MIGREADY_BINARY
BIN=$1
symbols=$(nm -D --undefined-only "$BIN" | awk '{print $NF}' | grep -E '^(ldap|ber)_' | sort -u)
echo "libldap/liblber functions referenced: $(echo "$symbols" | wc -l)"
[ -n "$symbols" ] || { echo "FAIL: no libldap symbol found at all: wrong binary?"; exit 1; }
writes=$(echo "$symbols" | grep -E '^ldap_(add|modify|delete|rename|modrdn|passwd|compare|extended_operation|txn|refresh|sync)' || true)
if [ -n "$writes" ]; then
  echo "FAIL: the binary references LDAP functions that write or go beyond reading:"
  echo "$writes"
  exit 1
fi
echo "$symbols" | grep -E '^ldap_' | tr '\n' ' '
echo
echo "readonly_symbols_test.sh: no ldap_add*/ldap_modify*/ldap_delete*/ldap_rename*/ldap_passwd*/ldap_compare*/ldap_extended_operation* reference"
