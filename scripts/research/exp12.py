from exp1 import *
for w,b in [(0.2,0.5),(0.2,0.6),(0.2,0.8),(0.0,0.3),(0.1,0.5)]:
    print(w,b,'long',mase(tr,te,pooled(w,b)),'short',mase(trs,tes,pooled(w,b)))
