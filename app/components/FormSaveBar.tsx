// The contextual save bar of a settings form with unsaved changes: Save and Discard at the top of the page, as in
// Shopify admin. In the demo frame it is Polaris' ContextualSaveBar; inside admin, App Bridge's save bar.
import { SaveBar } from "@shopify/app-bridge-react";
import { ContextualSaveBar } from "@shopify/polaris";
import { useIsDemo } from "./useToast";

export function FormSaveBar(props: { id: string; dirty: boolean; saving: boolean; onSave(): void; onDiscard(): void }) {
  const demo = useIsDemo();
  if (!props.dirty) return null;
  if (demo)
    return (
      <ContextualSaveBar
        message="Unsaved changes"
        saveAction={{ onAction: props.onSave, loading: props.saving }}
        discardAction={{ onAction: props.onDiscard }}
      />
    );
  return (
    <SaveBar id={props.id} open>
      <button variant="primary" onClick={props.onSave} disabled={props.saving}></button>
      <button onClick={props.onDiscard}></button>
    </SaveBar>
  );
}
