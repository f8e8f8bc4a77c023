#!/usr/bin/env python3
"""Mechanical check of the C-set gold files.

Errors: missing keys; doc missing; evidence not an exact substring of the document; value not a
number; comparator not one of = >= <= > <; year not int or null; missing region/region_code;
region_code not declared in `regions` (CN = 全国); bad types for optional/either/aliases.
Warnings: evidence that occurs more than once in the document; duplicate (region, name) pairs.
Usage: python3 verify.py [gold files...]   (default: gold/*.json next to this script)
"""
import glob, json, os, sys

KINDS = ['regions', 'platforms', 'initiatives', 'targets', 'goals']
COMPS = {'=', '>=', '<=', '>', '<'}
HERE = os.path.dirname(os.path.abspath(__file__))

def is_num(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)

def is_year(v):
    return v is None or (isinstance(v, int) and not isinstance(v, bool))

def check(path):
    errs, warns = [], []
    E = lambda m: errs.append('%s: %s' % (os.path.basename(path), m))
    W = lambda m: warns.append('%s: %s' % (os.path.basename(path), m))
    try:
        g = json.load(open(path, encoding='utf-8'))
    except Exception as e:
        E('cannot parse JSON: %s' % e); return errs, warns
    for k in KINDS + ['doc']:
        if k not in g: E('missing key %r' % k)
        elif k != 'doc' and not isinstance(g[k], list): E('%r is not a list' % k)
    if errs: return errs, warns
    docp = os.path.normpath(os.path.join(os.path.dirname(path), g['doc']))
    if not os.path.exists(docp):
        E('doc not found: %s' % docp); return errs, warns
    raw = open(docp, 'rb').read()
    if raw.startswith(b'\xef\xbb\xbf'): E('doc has a BOM')
    text = raw.decode('utf-8')
    if not text.endswith('\n'): E('doc does not end with \\n')
    if '\r' in text: E('doc has \\r')
    codes = set()
    for r in g['regions']:
        for f in ('name', 'code', 'level'):
            if not isinstance(r.get(f), str) or not r.get(f): E('region %r lacks %s' % (r, f))
        codes.add(r.get('code'))
    for kind in KINDS[1:]:
        seen = set()
        for i, it in enumerate(g[kind]):
            tag = '%s[%d]' % (kind, i)
            if not isinstance(it, dict): E('%s is not an object' % tag); continue
            if not it.get('region') or not it.get('region_code'): E('%s lacks region/region_code' % tag)
            elif it['region_code'] not in codes: E('%s region_code %s not in regions' % (tag, it['region_code']))
            ev = it.get('evidence')
            if not isinstance(ev, str) or not ev: E('%s has no evidence' % tag)
            elif ev not in text: E('%s evidence not in doc: %r' % (tag, ev))
            elif text.count(ev) > 1: W('%s evidence occurs %d times: %r' % (tag, text.count(ev), ev))
            if 'optional' in it and not isinstance(it['optional'], bool): E('%s optional not bool' % tag)
            if 'either' in it and not isinstance(it['either'], bool): E('%s either not bool' % tag)
            if 'aliases' in it and not (isinstance(it['aliases'], list) and all(isinstance(a, str) and a for a in it['aliases'])):
                E('%s aliases must be a list of strings' % tag)
            if kind in ('platforms', 'initiatives'):
                if not isinstance(it.get('name'), str) or not it['name']: E('%s has no name' % tag)
                else:
                    key = (it.get('region_code'), it['name'])
                    if key in seen: W('%s duplicate pair %r' % (tag, key))
                    seen.add(key)
            if kind == 'targets':
                for f in ('metric', 'unit'):
                    if not isinstance(it.get(f), str) or not it.get(f): E('%s lacks %s' % (tag, f))
                if 'value' not in it or not is_num(it['value']): E('%s value is not a number: %r' % (tag, it.get('value')))
                if it.get('comparator') not in COMPS: E('%s bad comparator %r' % (tag, it.get('comparator')))
                if 'year' not in it or not is_year(it['year']): E('%s year not int/null: %r' % (tag, it.get('year')))
            if kind == 'goals':
                if 'year' not in it or not isinstance(it['year'], int) or isinstance(it['year'], bool):
                    E('%s goal year must be an int: %r' % (tag, it.get('year')))
    return errs, warns

def main():
    files = sys.argv[1:] or sorted(glob.glob(os.path.join(HERE, 'gold', '*.json')))
    allE, allW = [], []
    for f in files:
        e, w = check(f); allE += e; allW += w
    for m in allE: print('ERROR', m)
    for m in allW: print('WARN ', m)
    print('%d files, %d errors, %d warnings' % (len(files), len(allE), len(allW)))
    return 1 if allE else 0

if __name__ == '__main__':
    sys.exit(main())
