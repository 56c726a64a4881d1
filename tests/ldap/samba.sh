# A throwaway Samba AD DC on 127.0.0.1 for the live tests: real AD behaviour (server-made
# objectGUIDs, UPN binds, strong-auth refusal of plain binds, continuation references,
# objectCategory=person, the Global Catalog on 3268/3269, crossRefs in CN=Partitions). Source it,
# then: samba_start DIR NUSERS; ...; samba_stop. Needs root and the ports 389/636/3268/3269.
# Everything lives in DIR; /etc/samba and /var/lib/samba are not touched.
. "$(dirname "${BASH_SOURCE[0]}")/process.sh"
SAMBA_REALM=CORP.EXAMPLE.TEST
SAMBA_DNS=corp.example.test
SAMBA_BASE="DC=corp,DC=example,DC=test"
SAMBA_ADMIN_PW='Passw0rd!Test'
SAMBA_SVC_UPN="svc-scanner@$SAMBA_DNS"
SAMBA_SVC_PW='Scanner!Pass1'

# Why this machine cannot run the DC, or nothing.
samba_unavailable() {
  [ "$(id -u)" -eq 0 ] || { echo "Samba AD DC needs root"; return; }
  command -v samba >/dev/null || [ -x /usr/sbin/samba ] || { echo "samba is not installed (scripts/install-deps.sh --test)"; return; }
  command -v ldbadd >/dev/null || { echo "ldb-tools is not installed"; return; }
  [ -d /usr/share/samba/setup/ad-schema ] || { echo "samba-ad-provision is not installed (the AD schema files samba-tool domain provision reads)"; return; }
  local port
  command -v kinit >/dev/null || { echo "kinit (krb5-user) is not installed"; return; }
  for port in 88 389 636 3268 3269; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "port $port is taken by another server"; return; fi
  done
}

# samba_start DIR NUSERS: sets SAMBA_DIR SAMBA_PID SAMBA_CA SAMBA_SVC_PW_FILE KRB5_CONFIG
samba_start() {
  SAMBA_DIR=$1
  local nusers=$2 t=$1
  export PATH=$PATH:/usr/sbin
  mkdir -p "$t/log" "$t/run" "$t/tls"
  # Our own CA and a DC certificate that names 127.0.0.1 and the DC's host name, so the tests
  # verify TLS instead of switching verification off.
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=migready samba test CA" \
    -keyout "$t/tls/ca.key" -out "$t/tls/ca.pem" 2>/dev/null
  openssl req -newkey rsa:2048 -nodes -subj "/CN=dc1.$SAMBA_DNS" -keyout "$t/tls/key.pem" \
    -out "$t/tls/req.pem" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1,DNS:dc1.%s\n' "$SAMBA_DNS" >"$t/tls/san.ext"
  openssl x509 -req -in "$t/tls/req.pem" -CA "$t/tls/ca.pem" -CAkey "$t/tls/ca.key" \
    -CAcreateserial -days 2 -extfile "$t/tls/san.ext" -out "$t/tls/cert.pem" 2>/dev/null
  chmod 600 "$t/tls/key.pem"
  SAMBA_CA=$t/tls/ca.pem
  samba-tool domain provision --targetdir="$t" --realm=$SAMBA_REALM --domain=CORP \
    --adminpass="$SAMBA_ADMIN_PW" --server-role=dc --dns-backend=NONE --use-rfc2307 \
    --host-name=dc1 --host-ip=127.0.0.1 \
    --option="interfaces=lo" --option="bind interfaces only=yes" \
    --option="pid directory=$t/run" --option="ncalrpc dir=$t/run/ncalrpc" \
    --option="winbindd socket directory=$t/run/winbindd" \
    --option="log file=$t/log/%m.log" --option="server services=ldap kdc" \
    --option="tls enabled=yes" --option="tls keyfile=$t/tls/key.pem" \
    --option="tls certfile=$t/tls/cert.pem" --option="tls cafile=$t/tls/ca.pem" \
    >"$t/provision.log" 2>&1 || { tail -20 "$t/provision.log"; return 1; }
  local conf=$t/etc/smb.conf sam=$t/private/sam.ldb
  # Exchange's schema extension: msExchMailboxGuid and friends on an auxiliary class of user,
  # as Exchange setup adds them (real attributeIDs). One ldbmodify per step: a class can only
  # name attributes that an earlier transaction committed.
  cat >"$t/schema-1.ldif" <<LDIF
dn: CN=ms-Exch-Mailbox-Guid,CN=Schema,CN=Configuration,$SAMBA_BASE
objectClass: attributeSchema
lDAPDisplayName: msExchMailboxGuid
attributeID: 1.2.840.113556.1.4.7000.102.11058
attributeSyntax: 2.5.5.10
oMSyntax: 4
isSingleValued: TRUE
rangeLower: 16
rangeUpper: 16
searchFlags: 9
isMemberOfPartialAttributeSet: TRUE

dn: CN=ms-Exch-Recipient-Type-Details,CN=Schema,CN=Configuration,$SAMBA_BASE
objectClass: attributeSchema
lDAPDisplayName: msExchRecipientTypeDetails
attributeID: 1.2.840.113556.1.4.7000.102.50855
attributeSyntax: 2.5.5.16
oMSyntax: 65
isSingleValued: TRUE
isMemberOfPartialAttributeSet: TRUE

dn: CN=ms-Exch-Remote-Recipient-Type,CN=Schema,CN=Configuration,$SAMBA_BASE
objectClass: attributeSchema
lDAPDisplayName: msExchRemoteRecipientType
attributeID: 1.2.840.113556.1.4.7000.102.51611
attributeSyntax: 2.5.5.16
oMSyntax: 65
isSingleValued: TRUE
isMemberOfPartialAttributeSet: TRUE

dn: CN=Home-MDB,CN=Schema,CN=Configuration,$SAMBA_BASE
objectClass: attributeSchema
lDAPDisplayName: homeMDB
attributeID: 1.2.840.113556.1.2.244
attributeSyntax: 2.5.5.1
oMSyntax: 127
oMObjectClass:: KwwCh3McAIVK
isSingleValued: TRUE
linkID: 32
isMemberOfPartialAttributeSet: TRUE
LDIF
  cat >"$t/schema-2.ldif" <<LDIF
dn: CN=ms-Exch-Mail-Storage,CN=Schema,CN=Configuration,$SAMBA_BASE
objectClass: classSchema
lDAPDisplayName: msExchMailStorage
governsID: 1.3.6.1.4.1.55555.7000.1
objectClassCategory: 3
subClassOf: top
mayContain: msExchMailboxGuid
mayContain: msExchRecipientTypeDetails
mayContain: msExchRemoteRecipientType
mayContain: homeMDB
LDIF
  cat >"$t/schema-3.ldif" <<LDIF
dn: CN=User,CN=Schema,CN=Configuration,$SAMBA_BASE
changetype: modify
add: auxiliaryClass
auxiliaryClass: msExchMailStorage
-
LDIF
  local f
  for f in 1 2 3; do
    ldbmodify -H "$sam" --configfile="$conf" --option="dsdb:schema update allowed=true" \
      "$t/schema-$f.ldif" >/dev/null || return 1
  done
  samba-tool user create svc-scanner "$SAMBA_SVC_PW" -H "$sam" -s "$conf" >/dev/null || return 1
  # Kerberos for the GSSAPI test: the DC's KDC on 127.0.0.1, a service principal for the URL
  # as the tests type it (ldap/127.0.0.1), and a client configuration of our own.
  samba-tool spn add ldap/127.0.0.1 'DC1$' -H "$sam" -s "$conf" >/dev/null || return 1
  export KRB5_CONFIG=$t/krb5.conf
  cat >"$KRB5_CONFIG" <<KRB
[libdefaults]
  default_realm = $SAMBA_REALM
  dns_lookup_kdc = false
  dns_lookup_realm = false
  rdns = false
  dns_canonicalize_hostname = false
[realms]
  $SAMBA_REALM = {
    kdc = 127.0.0.1
  }
[domain_realm]
  127.0.0.1 = $SAMBA_REALM
KRB
  SAMBA_SVC_PW_FILE=$t/svc-password
  printf '%s\n' "$SAMBA_SVC_PW" >"$SAMBA_SVC_PW_FILE"
  /usr/bin/python3 - "$SAMBA_BASE" "$SAMBA_DNS" "$nusers" >"$t/users.ldif" <<'PY'
# Samba-flavoured users: no objectGUID/objectSid (the DC makes them). A third carry
# mS-DS-ConsistencyGuid, 30 % an Exchange mailbox of some kind; one has 1,600 proxyAddresses.
import base64, random, sys, uuid
base, dom, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
rnd = random.Random(5)
b64 = lambda b: base64.b64encode(b).decode()
out = sys.stdout.write
ous = ["Sales", "Engineering", "Finance", "Support"]
out(f"dn: OU=Corp,{base}\nobjectClass: organizationalUnit\n\n")
for ou in ous:
    out(f"dn: OU={ou},OU=Corp,{base}\nobjectClass: organizationalUnit\n\n")
ex = f"CN=Microsoft Exchange,CN=Services,CN=Configuration,{base}"
for dn in [ex, f"CN=Databases,{ex}", f"CN=DB01,CN=Databases,{ex}"]:
    out(f"dn: {dn}\nobjectClass: container\n\n")
for i in range(1, n + 1):
    sam = f"user{i:05d}"
    lines = [f"dn: CN=User {i:05d},OU={ous[i % 4]},OU=Corp,{base}", "objectClass: user",
             f"sAMAccountName: {sam}", f"userPrincipalName: {sam}@{dom}",
             f"displayName: User {i:05d}", f"userAccountControl: {514 if i % 17 == 0 else 512}"]
    if i % 3 == 0:
        lines.append(f"mS-DS-ConsistencyGuid:: {b64(uuid.UUID(int=rnd.getrandbits(128)).bytes_le)}")
    if rnd.random() < 0.30:
        lines.append(f"msExchMailboxGuid:: {b64(uuid.UUID(int=rnd.getrandbits(128), version=4).bytes_le)}")
        lines += [f"proxyAddresses: SMTP:{sam}@{dom}", f"proxyAddresses: smtp:{sam}@mail.{dom}"]
        if i % 10 < 7:
            lines += ["msExchRecipientTypeDetails: 1", f"homeMDB: CN=DB01,CN=Databases,{ex}"]
        else:
            lines += ["msExchRecipientTypeDetails: 2147483648", "msExchRemoteRecipientType: 4"]
    out("\n".join(lines) + "\n\n")
lines = [f"dn: CN=Many Addresses,OU=Corp,{base}", "objectClass: user", "sAMAccountName: many",
         f"userPrincipalName: many@{dom}", "userAccountControl: 512",
         f"proxyAddresses: SMTP:many@{dom}"]
lines += [f"proxyAddresses: smtp:alias{k:04d}@{dom}" for k in range(1, 1600)]
out("\n".join(lines) + "\n\n")
PY
  ldbadd -o batch_mode -H "$sam" --configfile="$conf" "$t/users.ldif" >/dev/null || return 1
  samba -s "$conf" --foreground --no-process-group -M single >"$t/log/samba.stdout" 2>&1 &
  SAMBA_PID=$!
  local _
  for _ in $(seq 300); do
    LDAPTLS_CACERT=$SAMBA_CA ldapsearch -LLL -x -H ldaps://127.0.0.1 -b '' -s base dnsHostName >/dev/null 2>&1 && return 0
    kill -0 "$SAMBA_PID" 2>/dev/null || { tail -20 "$t/log/samba.stdout"; return 1; }
    sleep 0.1
  done
  echo "samba did not answer on ldaps://127.0.0.1" >&2
  return 1
}

samba_stop() {
  [ -n "${SAMBA_PID:-}" ] || return 0
  stop_process "$SAMBA_PID" TERM
  SAMBA_PID=
}
