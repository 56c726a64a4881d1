#!/usr/bin/env python3
"""Deterministic generator of the fictional Contoso tenant used by migready's samples and tests.

It writes what a customer hands over to a consultant:
  contoso/ad-users.ldf   an ldifde export (ANSI with base64 for binary and non-ASCII values,
                         CRLF, a leading blank line, "changetype: add", lines folded at 80)
  contoso/graph/         Microsoft Graph v1.0 response bodies as Graph returns them:
                         manifest.json, organization.json, users/page-NNN.json (with
                         @odata.nextLink), deletedUsers/page-NNN.json, onPremisesSynchronization.json

Every case migready's checks distinguish is present (see samples/README.md). The same seed
always gives the same bytes: tests/e2e/generator_test.sh regenerates and compares.

  generate_contoso.py [--out DIR]                     the sample tenant (default: samples/)
  generate_contoso.py --bulk N --ldif FILE            N generic users for benchmarks
                                                      (30% carry msExchMailboxGuid)
"""
import argparse
import base64
import json
import os
import random
import uuid

DOMAIN_DN = "DC=corp,DC=contoso,DC=com"
UPN_SUFFIX = "contoso.com"
TENANT_ID = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b"
DOMAIN_SID = (21, 1004336348, 1177238915, 682003330)
EXCHANGE_ORG = ("CN=Databases,CN=Exchange Administrative Group (FYDIBOHF23SPDLT),"
                "CN=Administrative Groups,CN=Contoso,CN=Microsoft Exchange,CN=Services,"
                "CN=Configuration," + DOMAIN_DN)
DATABASES = ["CN=DB01," + EXCHANGE_ORG, "CN=DB02," + EXCHANGE_ORG, "CN=DB03," + EXCHANGE_ORG]
EXCHANGE_PLAN = "9aaf7827-d63c-4b61-89c3-182f06f82e5c"  # EXCHANGE_S_STANDARD
CAPTURED_AT = "2026-11-26T09:00:00Z"
LAST_SYNC = "2026-11-25T03:12:44Z"  # 29.8 h before the capture: CLOUD004 warns

FIRST = ["Anna", "Ben", "Carla", "David", "Eva", "Felix", "Greta", "Hannah", "Ivan", "Julia",
         "Karl", "Lena", "Marco", "Nina", "Oscar", "Paula", "Quentin", "Rosa", "Sven", "Tina",
         "Uwe", "Vera", "Walter", "Xenia", "Yusuf", "Zoe", "Amelia", "Oliver", "Priya", "Chen"]
LAST = ["Adams", "Becker", "Clarke", "Dubois", "Evans", "Fischer", "Garcia", "Hughes", "Ito",
        "Jensen", "Kowalski", "Lopez", "Meyer", "Nowak", "Olsen", "Patel", "Quinn", "Rossi",
        "Schmidt", "Taylor", "Usman", "Vogel", "Wagner", "Young", "Zimmermann", "Kumar"]
# Names that ldifde writes base64-encoded (non-ASCII).
UNICODE_NAMES = [("Jürgen", "Weiß"), ("Zoë", "Brontë"), ("Łukasz", "Wójcik"), ("Søren", "Ågård"),
                 ("José", "Muñoz"), ("Ÿvonne", "Nguyễn")]


class Rng(random.Random):
    def guid_bytes(self):
        return bytes(self.getrandbits(8) for _ in range(16))


def guid_text(raw):
    return str(uuid.UUID(bytes_le=raw))


def sid_bytes(rid):
    subs = list(DOMAIN_SID) + [rid]
    out = bytes([1, len(subs)]) + (5).to_bytes(6, "big")
    for s in subs:
        out += s.to_bytes(4, "little")
    return out


def sid_text(rid):
    return "S-1-5-" + "-".join(str(s) for s in list(DOMAIN_SID) + [rid])


def b64(raw):
    return base64.b64encode(raw).decode("ascii")


# --- LDIF as ldifde writes it --------------------------------------------------------------

def needs_base64(value):
    if isinstance(value, bytes):
        return True
    if value == "":
        return False
    if value[0] in " :<" or value[-1] == " ":
        return True
    return any(ord(c) < 32 or ord(c) > 126 for c in value)


def ldif_line(name, value):
    if needs_base64(value):
        raw = value if isinstance(value, bytes) else value.encode("utf-8")
        line = f"{name}:: {b64(raw)}"
    else:
        line = f"{name}: {value}"
    if len(line) <= 80:
        return line + "\r\n"
    parts = [line[:80]]
    rest = line[80:]
    while rest:
        parts.append(" " + rest[:79])
        rest = rest[79:]
    return "\r\n".join(parts) + "\r\n"


def ldif_entry(dn, attrs):
    out = [ldif_line("dn", dn), "changetype: add\r\n"]
    for name, value in attrs:
        values = value if isinstance(value, list) else [value]
        for v in values:
            if v is None:
                continue
            out.append(ldif_line(name, v))
    out.append("\r\n")
    return "".join(out)


USER_CLASSES = ["top", "person", "organizationalPerson", "user"]


class Tenant:
    def __init__(self, seed=20261126):
        self.rng = Rng(seed)
        self.rid = 1100
        self.entries = []        # LDIF text of every entry, in export order
        self.cloud_users = []    # Graph user objects
        self.deleted = []        # Graph deleted user objects
        self.used_sams = set()
        self.used_dns = set()
        self.mail_users = []     # Exchange Online Get-MailUser objects
        self.soft_deleted_mail_users = []  # Get-MailUser -SoftDeletedMailUser

    def next_rid(self):
        self.rid += 1
        return self.rid

    def sam_for(self, first, last):
        base = (first[0] + last).lower()
        base = "".join(c for c in base if c.isascii() and c.isalnum()) or "user"
        sam, n = base[:18], 1
        while sam in self.used_sams:
            n += 1
            sam = f"{base[:16]}{n}"
        self.used_sams.add(sam)
        return sam

    # One AD user; returns a dict the cloud side can refer to.
    def user(self, ou, first, last, kind="plain", uac=512, extra=None, sam=None,
             critical=False, consistency="same", cn=None, mailbox_guid=None):
        rng = self.rng
        sam = sam if sam is not None else self.sam_for(first, last)
        display = f"{first} {last}"
        cn = cn or display
        if f"CN={cn},{ou}".lower() in self.used_dns:
            cn = f"{cn} ({sam})"  # AD refuses a second object with the same DN
        dn = f"CN={cn},{ou}"
        self.used_dns.add(dn.lower())
        guid = rng.guid_bytes()
        rid = self.next_rid()
        alias = sam
        mail = f"{sam}@{UPN_SUFFIX}"
        attrs = [("objectClass", USER_CLASSES), ("cn", cn), ("distinguishedName", dn),
                 ("displayName", display), ("givenName", first), ("sn", last),
                 ("objectGUID", guid), ("objectSid", sid_bytes(rid)),
                 ("userAccountControl", str(uac)), ("sAMAccountName", sam),
                 ("userPrincipalName", f"{sam}@{UPN_SUFFIX}")]
        cguid = None
        if consistency == "same":
            cguid = guid
        elif consistency == "moved":
            cguid = rng.guid_bytes()  # moved from another forest: anchor differs from objectGUID
        if cguid is not None:
            attrs.append(("mS-DS-ConsistencyGuid", cguid))
        if critical:
            attrs.append(("isCriticalSystemObject", "TRUE"))
        mbx = mailbox_guid
        if kind != "plain":
            mbx = mbx if mbx is not None else rng.guid_bytes()
            attrs += [("mail", mail), ("mailNickname", alias),
                      ("proxyAddresses", [f"SMTP:{mail}", f"smtp:{sam}@contoso.mail.onmicrosoft.com",
                                          f"X500:/o=Contoso/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn={sam}"])]
        if kind in ("mailbox", "shared", "room", "equipment", "linked"):
            rtd = {"mailbox": 1, "linked": 2, "shared": 4, "room": 16, "equipment": 32}[kind]
            attrs += [("homeMDB", rng.choice(DATABASES)), ("msExchMailboxGuid", mbx),
                      ("msExchRecipientTypeDetails", str(rtd)),
                      ("msExchRecipientDisplayType", "1073741824" if rtd == 1 else "7" if rtd == 16 else "0")]
        elif kind in ("remote", "remote_room"):
            rtd = 2147483648 if kind == "remote" else 8589934592
            attrs += [("msExchMailboxGuid", mbx), ("msExchRecipientTypeDetails", str(rtd)),
                      ("msExchRemoteRecipientType", "4"),
                      ("msExchRecipientDisplayType", "-2147483642" if kind == "remote" else "-2147481850"),
                      ("targetAddress", f"SMTP:{sam}@contoso.mail.onmicrosoft.com")]
        elif kind == "mailuser":
            attrs += [("msExchRecipientTypeDetails", "128"), ("msExchRecipientDisplayType", "6"),
                      ("targetAddress", f"SMTP:{sam}@fabrikam.com")]
            if mailbox_guid is not None:
                attrs.append(("msExchMailboxGuid", mbx))
        elif kind == "leftover":
            attrs += [("msExchMailboxGuid", mbx)]
        elif kind == "system":
            pass
        attrs += (extra or [])
        attrs += [("whenCreated", "20190304101500.0Z")]
        self.entries.append(ldif_entry(dn, attrs))
        return {"dn": dn, "guid": guid, "cguid": cguid, "rid": rid, "sam": sam, "display": display,
                "mail": mail if kind != "plain" else None, "kind": kind,
                "mbx": mbx if "msExchMailboxGuid" in dict(attrs) else None}

    def other(self, dn, classes, attrs):
        self.entries.append(ldif_entry(dn, [("objectClass", classes)] + attrs))

    # --- the cloud side ---------------------------------------------------------------------
    def cloud_id(self):
        return str(uuid.UUID(bytes=self.rng.guid_bytes(), version=4))

    def synced(self, u, anchor="objectGUID", exchange=None, enabled=True):
        immutable = b64(u["cguid"] if anchor == "consistency" else u["guid"])
        if anchor == "custom":
            immutable = f"EMP{u['rid']:06d}"  # a custom sourceAnchor (employeeID): join by SID
        obj = self.cloud_user(u["display"], f"{u['sam']}@{UPN_SUFFIX}", u["mail"], enabled,
                              exchange)
        obj.update({"onPremisesSyncEnabled": True, "onPremisesImmutableId": immutable,
                    "onPremisesSecurityIdentifier": sid_text(u["rid"]),
                    "onPremisesDistinguishedName": u["dn"],
                    "onPremisesLastSyncDateTime": LAST_SYNC})
        # What Exchange Online's Get-MailUser shows for it: a synced user whose on-premises
        # mailbox is not in the cloud is a MailUser there, with the synced msExchMailboxGuid as
        # its ExchangeGuid (the blocker); a synced mail user without one has all zeros.
        # Two twists: now and then the GUID never made it to Exchange Online (CLOUD001 stays
        # "not confirmed"), and now and then a plain user's GUID was cleared on-premises after it
        # had synced: AD shows nothing, Exchange Online still holds it (only CLOUD005 sees it).
        kinds = ("mailbox", "shared", "room", "equipment", "linked", "leftover", "mailuser")
        if u["kind"] in kinds or (u["kind"] == "plain" and u["rid"] % 23 == 0):
            guid = str(uuid.UUID(bytes_le=u["mbx"])) if u.get("mbx") else str(uuid.UUID(int=0))
            if u["kind"] == "plain":
                guid = str(uuid.uuid5(uuid.NAMESPACE_OID, "cleared-on-premises:" + u["sam"]))
            elif u["rid"] % 29 == 0:
                guid = str(uuid.UUID(int=0))
            self.mail_users.append({"ExchangeGuid": guid, "ExternalDirectoryObjectId": obj["id"],
                                    "UserPrincipalName": obj["userPrincipalName"],
                                    "RecipientTypeDetails": "MailUser"})
        return obj

    def cloud_user(self, display, upn, mail, enabled=True, exchange=None):
        obj = {"id": self.cloud_id(), "userPrincipalName": upn, "displayName": display,
               "mail": mail, "accountEnabled": enabled, "onPremisesSyncEnabled": None,
               "onPremisesImmutableId": None, "onPremisesSecurityIdentifier": None,
               "onPremisesDistinguishedName": None, "onPremisesLastSyncDateTime": None,
               "assignedPlans": [], "provisionedPlans": []}
        if exchange is not None:
            obj["assignedPlans"] = [
                {"assignedDateTime": "2026-10-01T08:00:00Z", "capabilityStatus": "Enabled",
                 "service": "exchange", "servicePlanId": EXCHANGE_PLAN},
                {"assignedDateTime": "2026-10-01T08:00:00Z", "capabilityStatus": "Enabled",
                 "service": "SharePoint", "servicePlanId": "5dbe027f-2339-4123-9542-606e4d348a72"}]
            obj["provisionedPlans"] = [
                {"capabilityStatus": "Enabled", "provisioningStatus": "Success", "service": "SharePoint"}]
            if exchange != "missing":
                obj["provisionedPlans"].append(
                    {"capabilityStatus": "Enabled", "provisioningStatus": exchange, "service": "exchange"})
        self.cloud_users.append(obj)
        return obj

    def deleted_user(self, u, synced=True, when="2026-11-20T16:45:00Z", display=None):
        oid = self.cloud_id()
        upn = oid.replace("-", "") + (f"{u['sam']}@{UPN_SUFFIX}" if u else "temp.worker@contoso.com")
        obj = {"id": oid, "displayName": display or (u["display"] if u else "Temp Worker"),
               "userPrincipalName": upn, "mail": None, "deletedDateTime": when,
               "onPremisesSyncEnabled": True if synced else None,
               "onPremisesImmutableId": b64(u["guid"]) if (synced and u) else None}
        if synced and not u:
            obj["onPremisesImmutableId"] = b64(self.rng.guid_bytes())  # AD account gone too
        # Exchange Online keeps the deleted user's MailUser, ExchangeGuid included
        # (Get-MailUser -SoftDeletedMailUser).
        if synced and u and u.get("mbx"):
            self.soft_deleted_mail_users.append({
                "ExchangeGuid": str(uuid.UUID(bytes_le=u["mbx"])), "ExternalDirectoryObjectId": oid,
                "UserPrincipalName": upn, "RecipientTypeDetails": "MailUser"})
        self.deleted.append(obj)


def build_sample():
    t = Tenant()
    rng = t.rng
    ou = lambda *names: ",".join(f"OU={n}" for n in names) + "," + DOMAIN_DN
    # Structure: OUs, a group, computers, a contact (counted, skipped).
    for path in [("Contoso",), ("Berlin", "Contoso"), ("London", "Contoso"), ("Sales", "Contoso"),
                 ("IT", "Contoso"), ("HybridUsers", "Contoso"), ("Resources", "Contoso"),
                 ("Leavers", "Contoso"), ("Partners", "Contoso"), ("Service Accounts", "Contoso")]:
        t.other(ou(*path), ["top", "organizationalUnit"], [("ou", path[0])])
    staff = {"Berlin": 70, "London": 60, "Sales": 45, "IT": 20}
    users = []
    for city, count in staff.items():
        for i in range(count):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            if i % 23 == 5:
                first, last = UNICODE_NAMES[(i // 23 + len(users)) % len(UNICODE_NAMES)]
            kind = "mailbox" if rng.random() < 0.8 else "plain"
            uac = 514 if rng.random() < 0.05 else 512
            users.append((city, t.user(ou(city, "Contoso"), first, last, kind=kind, uac=uac)))
    # Resource mailboxes: disabled accounts, still live mailboxes.
    res = [t.user(ou("Resources", "Contoso"), "Room", name, kind="room", uac=514, sam=f"room.{name.lower()}")
           for name in ["Atlas", "Borealis", "Cygnus", "Draco"]]
    res += [t.user(ou("Resources", "Contoso"), "Shared", name, kind="shared", uac=514, sam=f"shared.{name.lower()}")
            for name in ["Info", "Accounts", "Helpdesk"]]
    res.append(t.user(ou("Resources", "Contoso"), "Beamer", "Floor 3", kind="equipment", uac=514, sam="beamer.f3"))
    linked = t.user(ou("IT", "Contoso"), "Linked", "Fabrikam Admin", kind="linked", uac=514, sam="linked.fabadmin")
    # Already moved to Exchange Online (remote mailboxes): AD004.
    hybrid = [t.user(ou("HybridUsers", "Contoso"), rng.choice(FIRST), rng.choice(LAST), kind="remote")
              for _ in range(30)]
    hybrid.append(t.user(ou("HybridUsers", "Contoso"), "Room", "Galaxy", kind="remote_room", uac=514, sam="room.galaxy"))
    # Leftover Exchange attributes (AD002): leavers whose mailboxes were removed.
    leavers = [t.user(ou("Leavers", "Contoso"), rng.choice(FIRST), rng.choice(LAST), kind="leftover", uac=514)
               for _ in range(12)]
    # Partner mail users: most without a GUID, one prepared for cross-tenant moves (with one).
    partners = [t.user(ou("Partners", "Contoso"), rng.choice(FIRST), rng.choice(LAST), kind="mailuser")
                for _ in range(8)]
    meu = t.user(ou("Partners", "Contoso"), "Mona", "Prepared", kind="mailuser", sam="mona.meu",
                 mailbox_guid=rng.guid_bytes())
    # Moved from another forest: mS-DS-ConsistencyGuid differs from objectGUID.
    moved = [t.user(ou("Sales", "Contoso"), rng.choice(FIRST), rng.choice(LAST), kind="mailbox", consistency="moved")
             for _ in range(3)]
    # Never synced by the default rules (section 4.2): each carries a GUID on purpose.
    users_ou = "CN=Users," + DOMAIN_DN
    t.user(users_ou, "Administrator", "", kind="plain", sam="Administrator", critical=True, cn="Administrator")
    t.user(users_ou, "krbtgt", "", kind="plain", sam="krbtgt", critical=True, uac=514, cn="krbtgt")
    t.user(ou("Service Accounts", "Contoso"), "MSOL", "Sync", sam="MSOL_4f2a9c1d7e30", cn="MSOL_4f2a9c1d7e30")
    t.user(ou("Service Accounts", "Contoso"), "AAD", "Connect", sam="AAD_6b1f0e2c9a44", cn="AAD_6b1f0e2c9a44")
    t.user(users_ou, "SUPPORT", "388945a0", sam="SUPPORT_388945a0", uac=514, cn="SUPPORT_388945a0")
    t.user(users_ou, "SystemMailbox", "Arbitration", kind="system", sam="SM_9a1b2c3d4e5f4a6b8",
           cn="SystemMailbox{1f05a927-3be2-4fb9-aa03-b59fe3b56f4c}", uac=514,
           extra=[("mailNickname", "SystemMailbox{1f05a927-3be2-4fb9-aa03-b59fe3b56f4c}"),
                  ("msExchRecipientTypeDetails", "8388608"), ("msExchMailboxGuid", rng.guid_bytes()),
                  ("homeMDB", DATABASES[0])])
    t.user(users_ou, "Discovery", "Search Mailbox", kind="system", sam="SM_d3c9e8f14b2a4c7d9",
           cn="DiscoverySearchMailbox {D919BA05-46A6-415f-80AD-7E09334BB852}", uac=514,
           extra=[("mailNickname", "DiscoverySearchMailbox{D919BA05-46A6-415f-80AD-7E09334BB852}"),
                  ("msExchRecipientTypeDetails", "536870912"), ("msExchMailboxGuid", rng.guid_bytes()),
                  ("homeMDB", DATABASES[0])])
    conflict = ou("Berlin", "Contoso").replace("OU=Berlin", "OU=Berlin")
    t.user(conflict, "Hannah", "Meyer", kind="mailbox", sam="hmeyer.cnf",
           cn="Hannah Meyer\\0ACNF:0b8c3f7e-2d41-4a5b-9c6d-7e8f9a0b1c2d")
    # Computers, a contact and a group: counted and skipped.
    for n in range(1, 6):
        t.other(f"CN=WS-BER-{n:03d},OU=Berlin,OU=Contoso,{DOMAIN_DN}",
                ["top", "person", "organizationalPerson", "user", "computer"],
                [("cn", f"WS-BER-{n:03d}"), ("sAMAccountName", f"WS-BER-{n:03d}$"),
                 ("objectGUID", rng.guid_bytes()), ("userAccountControl", "4096")])
    t.other(f"CN=Fabrikam Support,OU=Partners,OU=Contoso,{DOMAIN_DN}",
            ["top", "person", "organizationalPerson", "contact"],
            [("cn", "Fabrikam Support"), ("mail", "support@fabrikam.com"), ("objectGUID", rng.guid_bytes())])
    t.other(f"CN=All Staff,OU=Contoso,{DOMAIN_DN}", ["top", "group"],
            [("cn", "All Staff"), ("sAMAccountName", "AllStaff"), ("objectGUID", rng.guid_bytes())])

    # --- Cloud: sync is on; Berlin, Sales, IT, Resources, HybridUsers and Partners are synced;
    # London is not synced yet. -----------------------------------------------------------
    berlin_mbx = [u for city, u in users if city == "Berlin" and u["kind"] == "mailbox"]
    berlin_plain = [u for city, u in users if city == "Berlin" and u["kind"] == "plain"]
    in_recycle_bin = [berlin_mbx[-1], berlin_plain[-1]]  # deleted in the cloud, still in AD
    for city, u in users:
        if city == "London" or u in in_recycle_bin:
            continue
        if u["kind"] == "mailbox":
            # Licensed but no mailbox: the symptom.
            t.synced(u, exchange=rng.choice(["PendingInput", "PendingInput", "Error", "missing"])
                     if rng.random() < 0.6 else None, enabled=True)
        else:
            t.synced(u, exchange="Success" if rng.random() < 0.5 else None)
    for u in res + [meu] + partners:
        t.synced(u, enabled=False if u["kind"] in ("room", "shared", "equipment") else True)
    t.synced(linked, anchor="custom")  # custom anchor: joined by onPremisesSecurityIdentifier
    for u in hybrid:
        t.synced(u, exchange="Success")
    for u in moved:
        t.synced(u, anchor="consistency", exchange="PendingInput")
    for u in leavers[:4]:
        t.synced(u, enabled=False)
    # Cloud-only accounts.
    t.cloud_user("Break Glass 1", "breakglass1@contoso.onmicrosoft.com", None)
    t.cloud_user("Break Glass 2", "breakglass2@contoso.onmicrosoft.com", None)
    t.cloud_user("Migration Admin", "mig.admin@contoso.onmicrosoft.com", None, exchange="Success")
    t.cloud_user("Teams Room Lobby", "lobby@contoso.com", "lobby@contoso.com", exchange="Success")
    # Recycle bin: a poisoned synced user (blocker), a plain synced user (warning), a synced
    # user whose AD account is gone (warning), a cloud-only user (ignored).
    t.deleted_user(in_recycle_bin[0])
    t.deleted_user(in_recycle_bin[1], when="2026-11-18T10:02:11Z")
    t.deleted_user(None, when="2026-11-02T07:30:00Z")
    t.deleted_user(None, synced=False, when="2026-11-24T12:00:00Z", display="Contractor (cloud only)")
    return t


def write_json(path, obj):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        json.dump(obj, f, indent=2, ensure_ascii=False)
        f.write("\n")


SELECT_USERS = ("id,userPrincipalName,displayName,mail,accountEnabled,onPremisesSyncEnabled,"
                "onPremisesImmutableId,onPremisesSecurityIdentifier,onPremisesDistinguishedName,"
                "onPremisesLastSyncDateTime,assignedPlans,provisionedPlans")
SELECT_DELETED = ("id,displayName,userPrincipalName,mail,deletedDateTime,onPremisesSyncEnabled,"
                  "onPremisesImmutableId")


def write_pages(folder, objects, resource, select, page_size, rng):
    for n, start in enumerate(range(0, max(len(objects), 1), page_size), 1):
        page = {"@odata.context": f"https://graph.microsoft.com/v1.0/$metadata#{resource}({select})",
                "value": objects[start:start + page_size]}
        if start + page_size < len(objects):
            token = "".join(rng.choice("0123456789ABCDEF") for _ in range(96))
            base = ("https://graph.microsoft.com/v1.0/users" if resource == "users"
                    else "https://graph.microsoft.com/v1.0/directory/deletedItems/microsoft.graph.user")
            page["@odata.nextLink"] = f"{base}?$select={select}&$top={page_size}&$skiptoken=RFNwdAIAAQAAAC{token}"
        write_json(os.path.join(folder, f"page-{n:03d}.json"), page)


# --- The Azure AD Connect configuration export (Get-ADSyncServerConfiguration layout) ----------

AD_CONNECTOR_ID = "{5E4D3C2B-1A09-4F8E-9D7C-6B5A49382716}"
AAD_CONNECTOR_ID = "{B891884F-051E-4A83-95AF-2544101C9083}"  # the same in every installation
SYNC_INCLUDED = ["OU=Contoso," + DOMAIN_DN]
SYNC_EXCLUDED = ["OU=London,OU=Contoso," + DOMAIN_DN, "OU=Service Accounts,OU=Contoso," + DOMAIN_DN]


def connector_xml(cid, name, category, subtype, inclusions, partitions):
    attrs = "".join(f"    <attribute>{a}</attribute>\n" for a in inclusions)
    parts = ""
    for dn, selected, inc, exc in partitions:
        incs = "".join(f"<inclusion>{i}</inclusion>" for i in inc) or "<inclusion />"
        excs = "".join(f"<exclusion>{e}</exclusion>" for e in exc)
        parts += (f"    <partition><id>{{{uuid.uuid5(uuid.NAMESPACE_DNS, dn)}}}</id><name>{dn}</name>"
                  f"<version>12</version><selected>{1 if selected else 0}</selected><filter><object-classes>"
                  "<object-class>contact</object-class><object-class>group</object-class>"
                  "<object-class>user</object-class><object-class>organizationalUnit</object-class>"
                  f"</object-classes><containers><exclusions>{excs}</exclusions><inclusions>{incs}</inclusions>"
                  "</containers></filter></partition>\n")
    return (f"<ma-data>\n  <format-version>1</format-version>\n  <id>{cid}</id>\n  <name>{name}</name>\n"
            f"  <category>{category}</category>\n  <description />\n  <subtype>{subtype}</subtype>\n"
            f"  <version>7</version>\n  <attribute-inclusion>\n{attrs}  </attribute-inclusion>\n"
            f"  <join />\n  <projection />\n  <export-attribute-flow />\n  <ma-partition-data>\n{parts}"
            "  </ma-partition-data>\n</ma-data>\n")


def rule_xml(rid, name, tag, direction, connector, source, target, precedence, mappings, scope):
    maps = ""
    for dest, srcs, expr in mappings:
        src = ("      <src>\n" + "".join(f"        <attr>{s}</attr>\n" for s in srcs) + "      </src>\n") if srcs else ""
        ex = f"      <expression>{expr}</expression>\n" if expr else ""
        maps += f"    <mapping>\n      <dest>{dest}</dest>\n{src}{ex}      <valueMergeType>Update</valueMergeType>\n    </mapping>\n"
    scopes = "".join(f"      <scope>\n        <csAttribute>{a}</csAttribute>\n        <csOperator>{o}</csOperator>\n"
                     f"        <csValue>{v}</csValue>\n      </scope>\n" for a, o, v in scope)
    criteria = f"  <synchronizationCriteria>\n    <conditions>\n{scopes}    </conditions>\n  </synchronizationCriteria>\n" if scope else "  <synchronizationCriteria />\n"
    return ("<synchronizationRule>\n"
            f"  <id>{{{rid}}}</id>\n  <internal-id>{{{rid}}}</internal-id>\n  <version>1</version>\n"
            f"  <name>{name}</name>\n  <description />\n  <immutable-tag>{tag}</immutable-tag>\n"
            f"  <direction>{direction}</direction>\n  <disabled>False</disabled>\n"
            f"  <connector>{connector.lower()}</connector>\n  <sourceObjectType>{source}</sourceObjectType>\n"
            f"  <targetObjectType>{target}</targetObjectType>\n  <linkType>Join</linkType>\n"
            f"  <precedence>{precedence}</precedence>\n  <attribute-mappings>\n{maps}  </attribute-mappings>\n"
            f"  <relationshipCriteria />\n{criteria}</synchronizationRule>\n")


def write_adconnect_export(root):
    """A default-configured Azure AD Connect 2.x: Exchange hybrid on, msExchMailboxGuid exported."""
    def write(rel, text):
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
    exchange = ["mailNickname", "msExchMailboxGuid", "msExchArchiveGUID", "msExchRecipientTypeDetails",
                "msExchRecipientDisplayType", "msExchRemoteRecipientType", "proxyAddresses", "targetAddress",
                "legacyExchangeDN"]
    write(f"Connectors/Connector_{AD_CONNECTOR_ID.lower()}.xml",
          connector_xml(AD_CONNECTOR_ID, "corp.contoso.com", "AD", "",
                        ["displayName", "mS-DS-ConsistencyGuid", "objectGUID", "objectSid", "sAMAccountName",
                         "userAccountControl", "userPrincipalName"] + exchange,
                        [(DOMAIN_DN, True, SYNC_INCLUDED, SYNC_EXCLUDED),
                         ("DC=DomainDnsZones," + DOMAIN_DN, False, [], [])]))
    write(f"Connectors/Connector_{AAD_CONNECTOR_ID.lower()}.xml",
          connector_xml(AAD_CONNECTOR_ID, "contoso.onmicrosoft.com - AAD", "Extensible2",
                        "Windows Azure Active Directory (Microsoft)",
                        ["accountEnabled", "cloudAnchor", "displayName", "onPremisesSamAccountName",
                         "sourceAnchor", "userPrincipalName"] + exchange,
                        [("default", True, [], [])]))
    rules = [
        ("c8a3f2e1-5b4d-4e6f-9a8b-7c6d5e4f3a21", "In from AD - User Join", "Microsoft.InfromADUserJoin.004",
         "Inbound", AD_CONNECTOR_ID, "user", "person", 100,
         [("sourceAnchorBinary", ["mS-DS-ConsistencyGuid", "objectGUID"],
           "IIF(IsPresent([mS-DS-ConsistencyGuid]),[mS-DS-ConsistencyGuid],[objectGUID])")],
         [("isCriticalSystemObject", "NOTEQUAL", "TRUE")]),
        ("e5e5058b-034a-4403-b438-6046f5d19e0c", "In from AD - User Exchange", "Microsoft.InfromADUserExchange.003",
         "Inbound", AD_CONNECTOR_ID, "user", "person", 108,
         [(a, [a], "") for a in exchange], [("mailNickname", "ISNOTNULL", "")]),
        ("3f2e1d0c-9b8a-4765-8432-10fedcba9876", "Out to AAD - User Identity", "Microsoft.OuttoAADUserIdentity.001",
         "Outbound", AAD_CONNECTOR_ID, "person", "user", 115,
         [("displayName", ["displayName"], ""), ("userPrincipalName", ["userPrincipalName"], "")],
         [("sourceObjectType", "EQUAL", "User"), ("cloudMastered", "NOTEQUAL", "true")]),
        ("8d26623c-0832-4be2-8fbf-e7fc72796d25", "Out to AAD - User ExchangeOnline",
         "Microsoft.OuttoAADUserExchangeOnline.004", "Outbound", AAD_CONNECTOR_ID, "person", "user", 125,
         [(a, [a], "") for a in exchange], [("sourceObjectType", "EQUAL", "User"), ("cloudMastered", "NOTEQUAL", "true")]),
    ]
    for rid, name, tag, direction, connector, source, target, prec, mappings, scope in rules:
        write(f"SynchronizationRules/SynchronizationRule_{{{rid}}}.xml",
              rule_xml(rid, name, tag, direction, connector, source, target, prec, mappings, scope))
    params = [("Microsoft.SynchronizationOption.AnchorAttribute", "mS-DS-ConsistencyGuid"),
              ("Microsoft.SynchronizationOption.UPNAttribute", "userPrincipalName"),
              ("Microsoft.Synchronize.ServerConfigurationVersion", "2.4.27.0"),
              ("Microsoft.Synchronize.StagingMode", "False"),
              ("Microsoft.OptionalFeature.HybridExchange", "True"),
              ("Microsoft.OptionalFeature.PasswordHashSync", "True")]
    body = "".join(f'      <parameter name="{n}" type="string" use="SynchronizationGlobal" dataType="String">{v}</parameter>\n'
                   for n, v in params)
    write("GlobalSettings/MV.xml",
          '<saved-mv-configuration server="CONTOSO-AADC01" export-date="2026-11-26 08:55:00.000">\n'
          f"  <mv-data>\n    <parameter-values>\n{body}    </parameter-values>\n  </mv-data>\n"
          "</saved-mv-configuration>\n")


def write_sample(out):
    t = build_sample()
    root = os.path.join(out, "contoso")
    os.makedirs(root, exist_ok=True)
    with open(os.path.join(root, "ad-users.ldf"), "w", encoding="ascii", newline="") as f:
        f.write("\r\n")  # ldifde starts its exports with an empty line
        f.writelines(t.entries)
    graph = os.path.join(root, "graph")
    write_json(os.path.join(graph, "manifest.json"), {
        "capturedAt": CAPTURED_AT, "tenantId": TENANT_ID, "cloud": "global",
        "tool": "generate_contoso.py (fictional sample)",
        "endpoints": {"users": "/v1.0/users?$select=" + SELECT_USERS + "&$top=100",
                      "deletedUsers": "/v1.0/directory/deletedItems/microsoft.graph.user?$select=" + SELECT_DELETED,
                      "organization": "/v1.0/organization",
                      "onPremisesSynchronization": "/v1.0/directory/onPremisesSynchronization",
                      "mailUsers": "https://outlook.office365.com/adminapi/beta/" + TENANT_ID + "/InvokeCommand?$select=ExchangeGuid,ExternalDirectoryObjectId,UserPrincipalName,RecipientTypeDetails"},
        "exchangeOnline": True})
    write_json(os.path.join(graph, "organization.json"), {
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#organization",
        "value": [{"id": TENANT_ID, "displayName": "Contoso Ltd", "countryLetterCode": "DE",
                   "onPremisesSyncEnabled": True, "onPremisesLastSyncDateTime": LAST_SYNC,
                   "verifiedDomains": [{"name": "contoso.com", "isDefault": True, "type": "Managed"},
                                       {"name": "contoso.onmicrosoft.com", "isInitial": True, "type": "Managed"}]}]})
    write_json(os.path.join(graph, "onPremisesSynchronization.json"), {
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#directory/onPremisesSynchronization",
        "value": [{"id": TENANT_ID, "configuration": {"accidentalDeletionPrevention": {
            "synchronizationPreventionType": "enabledForCount", "alertThreshold": 500}},
            "features": {"passwordSyncEnabled": True, "softMatchOnUpnEnabled": True,
                         "blockSoftMatchEnabled": False,
                         "blockCloudObjectTakeoverThroughHardMatchEnabled": False}}]})
    write_pages(os.path.join(graph, "users"), t.cloud_users, "users", SELECT_USERS, 100, t.rng)
    write_pages(os.path.join(graph, "deletedUsers"), t.deleted, "directory/deletedItems/microsoft.graph.user",
                SELECT_DELETED, 100, t.rng)
    # Exchange Online's InvokeCommand answer to Get-MailUser (the collector's --exchange-online).
    write_json(os.path.join(graph, "exchange", "mailUsers", "page-001.json"), {
        "@odata.context": "https://outlook.office365.com/adminapi/beta/" + TENANT_ID
                          + "/InvokeCommand/$metadata#Collection(Exchange.GenericHashTable)",
        "value": t.mail_users, "@adminapi.warnings": []})
    write_json(os.path.join(graph, "exchange", "softDeletedMailUsers", "page-001.json"), {
        "@odata.context": "https://outlook.office365.com/adminapi/beta/" + TENANT_ID
                          + "/InvokeCommand/$metadata#Collection(Exchange.GenericHashTable)",
        "value": t.soft_deleted_mail_users, "@adminapi.warnings": []})
    write_adconnect_export(os.path.join(root, "adconnect"))
    with open(os.path.join(root, "waivers.yaml"), "w", newline="\n") as f:
        f.write(WAIVERS)
    os.makedirs(os.path.join(root, "waves"), exist_ok=True)
    # MigrationWiz's bulk-add CSV as Excel saves it in a German locale: ';', UTF-8 with BOM, CRLF,
    # no wave column (the file names the wave).
    with open(os.path.join(root, "waves", "Wave1-Pilot.csv"), "w", encoding="utf-8-sig", newline="\r\n") as f:
        f.write(WAVE_PILOT)
    # Exchange Online's migration batch CSV (EmailAddress) with the project's BatchName column.
    with open(os.path.join(root, "waves", "batches.csv"), "w", encoding="utf-8", newline="\n") as f:
        f.write(WAVE_BATCHES)


def write_bulk(count, path):
    """Generic users in 50 OUs, 30% carrying msExchMailboxGuid (mailboxes, remote, leftovers)."""
    rng = Rng(1000003)
    with open(path, "w", encoding="ascii", newline="", buffering=1 << 20) as f:
        f.write("\r\n")
        for i in range(count):
            ou = f"OU=Dept{i % 50:02d},OU=Staff,{DOMAIN_DN}"
            sam = f"user{i:07d}"
            guid = rng.guid_bytes()
            dn = f"CN=User {i:07d},{ou}"
            attrs = [("objectClass", USER_CLASSES), ("cn", f"User {i:07d}"), ("distinguishedName", dn),
                     ("displayName", f"User {i:07d}"), ("objectGUID", guid),
                     ("objectSid", sid_bytes(100000 + i)), ("userAccountControl", "512"),
                     ("sAMAccountName", sam), ("userPrincipalName", f"{sam}@{UPN_SUFFIX}"),
                     ("mS-DS-ConsistencyGuid", guid), ("whenCreated", "20190304101500.0Z"),
                     ("whenChanged", "20261101083000.0Z")]
            r = rng.random()
            if r < 0.30:
                attrs += [("mail", f"{sam}@{UPN_SUFFIX}"), ("mailNickname", sam),
                          ("proxyAddresses", [f"SMTP:{sam}@{UPN_SUFFIX}", f"smtp:{sam}@contoso.mail.onmicrosoft.com"]),
                          ("msExchMailboxGuid", rng.guid_bytes())]
                if r < 0.24:
                    attrs += [("homeMDB", DATABASES[i % 3]), ("msExchRecipientTypeDetails", "1")]
                elif r < 0.29:
                    attrs += [("msExchRecipientTypeDetails", "2147483648"), ("msExchRemoteRecipientType", "4")]
            f.write(ldif_entry(dn, attrs))


# The tenant's accepted exceptions for the gate (docs/waivers.md): two OUs kept out of the
# migration, a deleted user kept on purpose, and one stale entry (GATE002).
WAIVERS = """# Accepted exceptions for the Contoso tenant (docs/waivers.md). Each waiver names the check(s),
# what it matches, why, who accepted it and until when (at most 366 days ahead). A waived finding
# stays in every report, marked, and no longer fails the gate; after its expiry date it counts
# again and GATE001 says so. A waiver that matches nothing is shown as GATE002.
waivers:
  # Leavers stay on legal hold on-premises until the case closes: they are not migrated.
  - check: [AD001, CLOUD001, CLOUD005]
    dn: OU=Leavers,OU=Contoso,DC=corp,DC=contoso,DC=com
    reason: Leavers on legal hold (case 2026-114); their mailboxes stay on-premises
    owner: legal-it@contoso.com
    expires: 2027-06-30
    ticket: LEGAL-114

  # Room and equipment mailboxes move in a later project, with their own sync scope.
  - check: [AD001, CLOUD001, CLOUD005]
    dn: OU=Resources,OU=Contoso,DC=corp,DC=contoso,DC=com
    reason: Resource mailboxes migrate in phase 2 with a separate sync scope
    owner: Jana Novak (messaging team)
    expires: 2027-03-31
    ticket: MIG-88

  # Uwe Becker's deleted user is kept until HR has exported his data.
  - check: CLOUD002
    upn: ubecker@contoso.com
    reason: HR export of the leaver's data pending; purge after it
    owner: hr-systems@contoso.com
    expires: 2027-01-31

  # The contractor account was removed from AD in November: this entry is stale.
  - check: AD001
    upn: "ext.*@contoso.com"
    reason: External contractors' mailboxes are handled by their agency
    owner: it-service@contoso.com
    expires: 2027-02-28
"""

# Migration waves (docs: README "Waves"): a pilot of four IT users, a Sales wave with a user who
# has no mailbox, one already in the pilot and one named by a secondary (smtp:) address, as
# batch files often are, and a London wave of users outside the sync scope with an address no
# account has.
WAVE_PILOT = """Source Email;Destination Email
ryoung@contoso.com;ryoung@contoso.onmicrosoft.com
ezimmermann@contoso.com;ezimmermann@contoso.onmicrosoft.com
fnowak2@contoso.com;fnowak2@contoso.onmicrosoft.com
devans@contoso.com;devans@contoso.onmicrosoft.com
"""
WAVE_BATCHES = """EmailAddress,BatchName
pschmidt@contoso.com,Wave2-Sales
SGarcia@contoso.mail.onmicrosoft.com,Wave2-Sales
pquinn@contoso.com,Wave2-Sales
ykowalski@contoso.com,Wave2-Sales
levans@contoso.com,Wave2-Sales
ttaylor@contoso.com,Wave2-Sales
devans@contoso.com,Wave2-Sales
hvogel@contoso.com,Wave3-London
cbecker@contoso.com,Wave3-London
old.contractor@contoso.com,Wave3-London
"""


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--out", default=here, help="folder to write contoso/ into")
    p.add_argument("--bulk", type=int, help="write N generic users to --ldif instead")
    p.add_argument("--ldif", help="output file for --bulk")
    a = p.parse_args()
    if a.bulk:
        if not a.ldif:
            p.error("--bulk needs --ldif FILE")
        write_bulk(a.bulk, a.ldif)
    else:
        write_sample(a.out)


if __name__ == "__main__":
    main()
