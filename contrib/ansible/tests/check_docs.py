"""Compile every module of the staticpod.kubeadm collection and parse its DOCUMENTATION,
EXAMPLES and RETURN (and the doc fragments) as YAML; check that each documented option is an
argument of the module and the reverse. Exit 1 with the reasons when anything is wrong."""

import ast
import py_compile
import sys
from pathlib import Path

import yaml

COLLECTION = Path(__file__).resolve().parent.parent / "collections/ansible_collections/staticpod/kubeadm"


def string_constants(path):
    tree = ast.parse(path.read_text(), str(path))
    found = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    found[target.id] = node.value.value
    return found


def main():
    problems = []
    fragments = {}
    for path in sorted((COLLECTION / "plugins").rglob("*.py")):
        try:
            py_compile.compile(str(path), doraise=True)
        except py_compile.PyCompileError as e:
            problems.append("%s: does not compile: %s" % (path, e.msg))
    for path in sorted((COLLECTION / "plugins/doc_fragments").glob("*.py")):
        for name, text in string_constants(path).items():
            try:
                fragments[(path.stem, name)] = yaml.safe_load(text)
            except yaml.YAMLError as e:
                problems.append("%s %s: not YAML: %s" % (path, name, e))
    modules = sorted((COLLECTION / "plugins/modules").glob("*.py"))
    if not modules:
        problems.append("no modules found under %s" % COLLECTION)
    for path in modules:
        consts = string_constants(path)
        docs = {}
        for name in ("DOCUMENTATION", "EXAMPLES", "RETURN"):
            if name not in consts:
                problems.append("%s: no %s" % (path, name))
                continue
            try:
                docs[name] = yaml.safe_load(consts[name])
            except yaml.YAMLError as e:
                problems.append("%s %s: not YAML: %s" % (path, name, e))
        doc = docs.get("DOCUMENTATION") or {}
        if doc.get("module") != path.stem:
            problems.append("%s: DOCUMENTATION module is %r" % (path, doc.get("module")))
        options = dict(doc.get("options") or {})
        for fragment in doc.get("extends_documentation_fragment") or []:
            parts = fragment.split(".")
            key = (parts[2], parts[3].upper() if len(parts) > 3 else "DOCUMENTATION")
            if key not in fragments:
                problems.append("%s: unknown doc fragment %s" % (path, fragment))
                continue
            options.update((fragments[key] or {}).get("options") or {})
        examples = docs.get("EXAMPLES")
        if not isinstance(examples, list) or not all(("staticpod.kubeadm.%s" % path.stem) in e for e in examples):
            problems.append("%s: EXAMPLES is not a list of tasks using staticpod.kubeadm.%s" % (path, path.stem))
        # The argument spec names, read from the source: every documented option is an argument.
        source = path.read_text() + (COLLECTION / "plugins/module_utils/staticpod.py").read_text()
        for option in options:
            if ("%s=dict(" % option) not in source:
                problems.append("%s: documented option %s is not an argument" % (path, option))
        for call in ast.walk(ast.parse(path.read_text())):
            if isinstance(call, ast.Call) and getattr(call.func, "attr", "") == "update":
                for keyword in call.keywords:
                    if keyword.arg and keyword.arg not in options:
                        problems.append("%s: argument %s is not documented" % (path, keyword.arg))
        print("%s: compiled, DOCUMENTATION (%d options), EXAMPLES, RETURN parse" % (path.name, len(options)))
    for problem in problems:
        print("FAIL: " + problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
