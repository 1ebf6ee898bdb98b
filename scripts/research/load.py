import numpy as np, pandas as pd, collections, csv
import os
RT=os.environ.get('REALTRADE', os.path.join(os.path.dirname(os.path.abspath(__file__)), '../../../shared/realtrade'))+'/'
def tradhist():
    d=pd.read_csv(RT+'tradhist_gbr_fra.csv')
    d=d[(d.imports>0)&(d.exports>0)]
    d['v']=d.imports+d.exports
    out={}
    for (r,p),g in d.groupby(['reporter','partner']):
        out[f'{r}-{p}']=dict(zip(g.year.astype(int),g.v.astype(float)))
    return out
def panel(p):
    s=collections.defaultdict(dict)
    for r in csv.DictReader(open(p)):
        s[r['series_id']][int(r['year'])]=float(r['value'])
    return s
