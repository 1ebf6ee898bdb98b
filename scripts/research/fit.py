from learn import *
import numpy as np
W=pd.read_pickle('W.pkl')
# common recent drift known at T: median yearly change over years T-9..T across the learning panel
ch=[]
for sid,s in th.items():
    for y in s:
        if y-1 in s and y<=1993: ch.append((y,np.log(s[y]/s[y-1])))
ch=np.array(ch)
def mu_recent(T,L=10):
    m=(ch[:,0]>T-L)&(ch[:,0]<=T); return np.median(ch[m,1])
MU={T:mu_recent(T) for T in range(1950,1994)}
print('mu(1993)=',MU[1993], 'mu(1985)',MU[1985], 'mu(1975)',MU[1975])
W['mu']=W['T'].map(MU)
def lad(X,y,it=50):
    b=np.linalg.lstsq(X,y,rcond=None)[0]
    for _ in range(it):
        r=np.abs(y-X@b); w=1/np.maximum(r,1e-3)
        Xw=X*w[:,None]; b=np.linalg.solve(X.T@Xw,Xw.T@y)
    return b
