const s="/assets/styles-oDRSJl8q.css";export{s as v};
