// Template variable mapping: which value fills each header/body/button parameter of a template, and the pure
// renderer that turns a mapping plus one recipient's field row into the Cloud API `components` array
// (apis.md A2). Shared by the browser (live preview in the editor) and the server (campaign dispatch), so none of
// its parts imports anything server-side. Field values are loaded set-based by app/whatsapp/fields.server.ts.
// One file per responsibility; import from here.
export * from "./mapping-fields";
export * from "./mapping-bindings";
export * from "./mapping-slots";
export * from "./mapping-check";
export * from "./mapping-render";
export * from "./mapping-preview";
