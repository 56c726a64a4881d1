# A throwaway OpenLDAP slapd that looks like AD to migready, for the tests and bench/. Source
# it, then: slapd_start DIR NUSERS; ...; slapd_stop. Runs as any user on free loopback ports,
# all state in DIR. Two naming contexts:
#   DC=corp,DC=example,DC=test   the service account and NUSERS generated users (OU=Staff)
#   DC=corp,DC=contoso,DC=com    samples/contoso/ad-users.ldf as it is (the sample tenant)
# Like a hardened DC: simple binds need TLS; like AD's MaxPageSize, an unpaged search stops at
# 1,000 entries and pages over 1,000 are refused. Loaded with schema checks off (slapadd -s):
# AD's person class does not require sn, OpenLDAP's does. `loglevel stats` records every operation in
# $SLAPD_LOG: the read-only proof reads it.
. "$(dirname "${BASH_SOURCE[0]}")/process.sh"
SLAPD_SH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SLAPD_ROOT=$(cd "$SLAPD_SH_DIR/../.." && pwd)
BASE_EXAMPLE="DC=corp,DC=example,DC=test"
BASE_CONTOSO="DC=corp,DC=contoso,DC=com"
SVC_DN="CN=svc-scanner,CN=Users,$BASE_EXAMPLE"
SVC_UPN="svc-scanner@corp.example.test"

free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# slapd_start DIR NUSERS: sets SLAPD_DIR SLAPD_PID SLAPD_LOG LDAP_PORT LDAPS_PORT CA_PEM
# SVC_PW_FILE ROOT_DN ROOT_PW
slapd_start() {
  SLAPD_DIR=$1
  local nusers=$2
  mkdir -p "$SLAPD_DIR/example" "$SLAPD_DIR/contoso"
  SLAPD_LOG=$SLAPD_DIR/slapd.log
  CA_PEM=$SLAPD_DIR/ca.pem
  ROOT_DN="cn=admin,$BASE_EXAMPLE"
  ROOT_PW='Root!Pass1'
  SVC_PW_FILE=$SLAPD_DIR/svc-password
  printf '%s\n' 'Scanner!Pass1' >"$SVC_PW_FILE"
  # A test CA and a server certificate for 127.0.0.1 only. slapd also listens on 127.0.0.2,
  # which the certificate does not name: the host name mismatch the tests use. (Not "localhost":
  # libldap checks the machine's own host name in its place.)
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=migready test CA" \
    -keyout "$SLAPD_DIR/ca.key" -out "$CA_PEM" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout "$SLAPD_DIR/key.pem" \
    -out "$SLAPD_DIR/req.pem" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1\n' >"$SLAPD_DIR/san.ext"
  openssl x509 -req -in "$SLAPD_DIR/req.pem" -CA "$CA_PEM" -CAkey "$SLAPD_DIR/ca.key" \
    -CAcreateserial -days 2 -extfile "$SLAPD_DIR/san.ext" -out "$SLAPD_DIR/cert.pem" 2>/dev/null
  cat >"$SLAPD_DIR/slapd.conf" <<CONF
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
include $SLAPD_SH_DIR/ad.schema
modulepath /usr/lib/ldap
moduleload back_mdb
pidfile  $SLAPD_DIR/slapd.pid
argsfile $SLAPD_DIR/slapd.args
loglevel stats
TLSCertificateFile    $SLAPD_DIR/cert.pem
TLSCertificateKeyFile $SLAPD_DIR/key.pem
# Like AD with "LDAP server signing requirements": no simple bind without TLS.
security simple_bind=1

database mdb
suffix "$BASE_EXAMPLE"
rootdn "$ROOT_DN"
rootpw $(slappasswd -s "$ROOT_PW")
directory $SLAPD_DIR/example
maxsize 4294967296
index objectClass eq
# AD's MaxPageSize: unpaged searches stop at 1000, pages over 1000 are refused (AD caps them).
limits users size.soft=1000 size.hard=1000 size.pr=1000 size.prtotal=unlimited
access to attrs=userPassword by anonymous auth by * none
access to * by users read by * none

database mdb
suffix "$BASE_CONTOSO"
rootdn "cn=admin,$BASE_CONTOSO"
directory $SLAPD_DIR/contoso
maxsize 1073741824
index objectClass eq
# AD's MaxPageSize: unpaged searches stop at 1000, pages over 1000 are refused (AD caps them).
limits users size.soft=1000 size.hard=1000 size.pr=1000 size.prtotal=unlimited
access to * by users read by * none
CONF
  slaptest -Q -u -f "$SLAPD_DIR/slapd.conf" || return 1
  {
    printf 'dn: %s\nobjectClass: top\nobjectClass: domain\ndc: corp\n\n' "$BASE_EXAMPLE"
    printf 'dn: CN=Users,%s\nobjectClass: top\nobjectClass: organizationalRole\ncn: Users\n\n' "$BASE_EXAMPLE"
    printf 'dn: %s\nobjectClass: top\nobjectClass: person\nobjectClass: organizationalPerson\nobjectClass: user\ncn: svc-scanner\nsn: scanner\nsAMAccountName: svc-scanner\nuserPrincipalName: %s\nuserAccountControl: 66048\nuserPassword: %s\n\n' \
      "$SVC_DN" "$SVC_UPN" "$(slappasswd -s 'Scanner!Pass1')"
    printf 'dn: OU=Staff,%s\nobjectClass: top\nobjectClass: organizationalUnit\nou: Staff\n\n' "$BASE_EXAMPLE"
    for i in $(seq -w 0 49); do
      printf 'dn: OU=Dept%s,OU=Staff,%s\nobjectClass: top\nobjectClass: organizationalUnit\nou: Dept%s\n\n' "$i" "$BASE_EXAMPLE" "$i"
    done
  } >"$SLAPD_DIR/example.ldif"
  if [ "$nusers" -gt 0 ]; then
    /usr/bin/python3 "$SLAPD_ROOT/samples/generate_contoso.py" --bulk "$nusers" --ldif "$SLAPD_DIR/bulk.ldif"
    # The bulk users are written for the Contoso domain; move them to the example domain.
    sed -e "s/$BASE_CONTOSO/$BASE_EXAMPLE/g" -e '/^changetype: add/d' "$SLAPD_DIR/bulk.ldif" >>"$SLAPD_DIR/example.ldif"
    rm -f "$SLAPD_DIR/bulk.ldif"
  fi
  slapadd -q -s -f "$SLAPD_DIR/slapd.conf" -b "$BASE_EXAMPLE" -l "$SLAPD_DIR/example.ldif" || return 1
  {
    printf 'dn: %s\nobjectClass: top\nobjectClass: domain\ndc: corp\n\n' "$BASE_CONTOSO"
    printf 'dn: CN=Users,%s\nobjectClass: top\nobjectClass: organizationalRole\ncn: Users\n\n' "$BASE_CONTOSO"
    tr -d '\r' <"$SLAPD_ROOT/samples/contoso/ad-users.ldf" | sed -e '/^changetype: add/d'
  } >"$SLAPD_DIR/contoso.ldif"
  slapadd -q -s -f "$SLAPD_DIR/slapd.conf" -b "$BASE_CONTOSO" -l "$SLAPD_DIR/contoso.ldif" || return 1
  LDAP_PORT=$(free_port)
  LDAPS_PORT=$(free_port)
  slapd -d stats -f "$SLAPD_DIR/slapd.conf" \
    -h "ldap://127.0.0.1:$LDAP_PORT/ ldaps://127.0.0.1:$LDAPS_PORT/ ldaps://127.0.0.2:$LDAPS_PORT/" >"$SLAPD_LOG" 2>&1 &
  SLAPD_PID=$!
  local _
  for _ in $(seq 200); do
    LDAPTLS_CACERT=$CA_PEM ldapsearch -LLL -x -H "ldaps://127.0.0.1:$LDAPS_PORT" -b '' -s base \
      namingContexts >/dev/null 2>&1 && return 0
    kill -0 "$SLAPD_PID" 2>/dev/null || { tail -20 "$SLAPD_LOG"; return 1; }
    sleep 0.05
  done
  echo "slapd did not answer" >&2
  return 1
}

slapd_stop() {
  [ -n "${SLAPD_PID:-}" ] || return 0
  stop_process "$SLAPD_PID" INT
  SLAPD_PID=
}
