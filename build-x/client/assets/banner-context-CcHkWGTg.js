import{r as t}from"./components-C_RIDDID.js";const r=t.createContext(!1);export{r as B};
