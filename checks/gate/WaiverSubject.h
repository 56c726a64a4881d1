#pragma once
// What the gate's checks say about one waiver: its subject and evidence, written once.
#include "scanner/model/Finding.h"
#include "scanner/model/Snapshot.h"
#include "scanner/model/Waiver.h"

namespace migready {

// The waiver as a finding's subject: a configuration item named by what it covers
// ("waiver AD001 upn=*.hold@contoso.com"), so that its fingerprint survives edits elsewhere in
// the file.
Subject subjectOf(const Waiver& waiver);
// "AD001, AD002 where upn matches *.hold@contoso.com and dn is in OU=Legal,DC=contoso,DC=com"
std::string coverageOf(const Waiver& waiver);
// Where it is written, with its owner, reason, expiry and ticket.
Evidence evidenceOf(const Waiver& waiver);
// Why the gate's checks cannot run: no waiver file was given. Empty when one was.
std::string whyNoWaivers(const Snapshot& snapshot);

} // namespace migready
