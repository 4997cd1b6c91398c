import{r as e}from"./components-C_RIDDID.js";const o=e.createContext(void 0),n=e.createContext(void 0);export{n as F,o as S};
