import{r as t}from"./components-C_RIDDID.js";const r=t.createContext(void 0);export{r as F};
