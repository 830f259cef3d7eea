#!/usr/bin/env python3
"""Every module a target imports is one it declares in Package.swift.

SwiftPM's own `--explicit-target-dependency-import-check` only sees targets of this package; a module that arrives
through another product's transitive dependencies (NIOCore through Hummingbird, HTTPTypes, Logging…) builds today and
breaks when that product changes its dependencies. This reads `swift package dump-package` and every `import` of every
target's sources, and fails naming each undeclared import. Toolchain modules are allowed everywhere.
"""
import json
import os
import re
import subprocess
import sys

TOOLCHAIN = {
    "Foundation", "FoundationEssentials", "FoundationNetworking", "Dispatch", "Synchronization", "Testing", "XCTest",
    "Glibc", "Darwin", "Musl", "_Concurrency", "RegexBuilder", "Observation", "os", "CryptoKit",
}
# A product whose module has another name.
PRODUCT_MODULES = {"swift-openapi-runtime/OpenAPIRuntime": ["OpenAPIRuntime"]}
IMPORT = re.compile(r"^\s*(?:@[\w]+(?:\([^)]*\))?\s+)*(?:public\s+|package\s+|internal\s+|private\s+|fileprivate\s+)?import\s+(?:(?:struct|class|enum|protocol|func|var|let|typealias)\s+)?([A-Za-z_][\w]*)", re.M)


def target_directory(target):
    if target.get("path"):
        return target["path"]
    return os.path.join("Tests" if target["type"] == "test" else "Sources", target["name"])


def main():
    package = json.loads(subprocess.run(["swift", "package", "dump-package"], check=True, capture_output=True, text=True).stdout)
    own = {target["name"] for target in package["targets"]}
    problems = []
    for target in package["targets"]:
        if target["type"] in ("plugin", "system"):
            continue
        declared = {target["name"]}
        for dependency in target["dependencies"]:
            if "byName" in dependency:
                declared.add(dependency["byName"][0])
            elif "target" in dependency:
                declared.add(dependency["target"][0])
            elif "product" in dependency:
                name, package_name = dependency["product"][0], dependency["product"][1]
                declared.update(PRODUCT_MODULES.get(f"{package_name}/{name}", [name]))
        root = target_directory(target)
        for folder, _, files in os.walk(root):
            for file in files:
                if not file.endswith(".swift"):
                    continue
                path = os.path.join(folder, file)
                with open(path, encoding="utf-8") as source:
                    for module in IMPORT.findall(source.read()):
                        if module in TOOLCHAIN or module in declared:
                            continue
                        kind = "target of this package" if module in own else "module"
                        problems.append(f"{path}: imports {module} ({kind}), which target {target['name']} does not declare")
    for problem in sorted(set(problems)):
        print(problem)
    if problems:
        print(f"{len(set(problems))} undeclared import(s): add the dependency to the target in Package.swift", file=sys.stderr)
        return 1
    print("every import is declared")
    return 0


if __name__ == "__main__":
    sys.exit(main())
