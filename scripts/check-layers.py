#!/usr/bin/env python3
"""The walls between migready's libraries, checked over the include graph (a test in CI).

Every folder below is one CMake library (docs/architecture.md); a file may include only headers
of its own library and of the libraries its arrows allow. Besides the includes, nothing below the
command line may name a flag: the option names of scanner/cli/Cli.cpp's table, written as
"--name", may appear in no other file of scanner/, checks/ or reporters/ (code or comment).

usage: check-layers.py [PROJECT_ROOT]     exit 1 and one line per violation when a wall is crossed
"""
import os, re, sys

ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..")

# Longest prefix first: the folder that holds a file decides its library.
LIBRARIES = [
    ("scanner/model/", "model"),
    ("scanner/io/", "io"),
    ("scanner/ad/ldif/", "ldif"),
    ("scanner/ad/ldap/", "ldap"),
    ("scanner/ad/", "ad"),
    ("scanner/net/", "net"),
    ("scanner/entra/auth/", "entra_auth"),
    ("scanner/entra/snapshot/", "graph_snapshot"),
    ("scanner/entra/live/", "graph_live"),
    ("scanner/adconnect/", "adconnect"),
    ("scanner/cloudsync/", "cloudsync"),
    ("scanner/scan/", "scan"),
    ("scanner/gate/", "gate"),
    ("scanner/cli/", "cli"),
    ("checks/", "checks"),
    ("reporters/", "reporters"),
]
# What each library may include besides itself (the arrows of docs/architecture.md).
ALLOWED = {
    "model": set(),
    "io": {"model"},
    "ad": {"model", "io"},
    "ldif": {"ad", "model", "io"},
    "ldap": {"ad", "model", "io"},
    "net": {"model", "io"},
    "entra_auth": {"net", "model", "io"},
    "graph_snapshot": {"model", "io"},
    "graph_live": {"entra_auth", "graph_snapshot", "net", "model", "io"},
    "adconnect": {"model", "io"},
    "cloudsync": {"model", "io"},
    "checks": {"model"},
    "scan": {"ad", "ldif", "ldap", "net", "entra_auth", "graph_snapshot", "graph_live", "adconnect",
             "cloudsync", "checks", "gate", "model", "io"},
    "reporters": {"model"},
    "gate": {"model", "io"},
    "cli": {"scan", "gate", "reporters", "model", "io"},
}


def library_of(path):
    for prefix, name in LIBRARIES:
        if path.startswith(prefix):
            return name
    return None


def sources():
    for top in ("scanner", "checks", "reporters"):
        for folder, _, files in os.walk(os.path.join(ROOT, top)):
            for f in files:
                if f.endswith((".h", ".cpp")):
                    full = os.path.join(folder, f)
                    yield os.path.relpath(full, ROOT).replace(os.sep, "/"), full


def flags():
    table = open(os.path.join(ROOT, "scanner/cli/Cli.cpp")).read()
    names = set(re.findall(r'^\s*\("([a-z][a-z0-9-]+)(?:,[a-z])?",', table, re.M))
    return {"--" + n for n in names if "-" in n or len(n) > 4}


def main():
    problems = []
    flag_names = flags()
    flag_re = re.compile(r"--[a-z][a-z0-9-]+")
    files = 0
    for rel, full in sources():
        files += 1
        lib = library_of(rel)
        if lib is None:
            problems.append(f"{rel}: in no library's folder (scripts/check-layers.py LIBRARIES)")
            continue
        text = open(full, encoding="utf-8").read()
        for n, line in enumerate(text.splitlines(), 1):
            m = re.match(r'\s*#\s*include\s+"([^"]+)"', line)
            if m:
                target = library_of(m.group(1))
                if target is None:
                    if not os.path.exists(os.path.join(ROOT, m.group(1))):
                        problems.append(f"{rel}:{n}: includes {m.group(1)}, which is in no library")
                    continue
                if target != lib and target not in ALLOWED[lib]:
                    problems.append(f"{rel}:{n}: {lib} includes {m.group(1)} ({target}): "
                                    f"{lib} may include only {', '.join(sorted(ALLOWED[lib])) or 'itself'}")
            if lib != "cli":
                for flag in flag_re.findall(line):
                    if flag in flag_names:
                        problems.append(f"{rel}:{n}: names the flag {flag}; below the command "
                                        "line a setting is named through settingName()")
    for p in problems:
        print(p)
    print(f"check-layers: {files} files, {len(flag_names)} flags, {len(problems)} problem(s)")
    return 1 if problems or files == 0 or not flag_names else 0


if __name__ == "__main__":
    sys.exit(main())
