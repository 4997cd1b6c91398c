// Toasts for what a merchant just did (saved, deleted, connected, opted out). Inside Shopify admin App Bridge
// shows them (window.shopify.toast); in the demo frame a Polaris Toast does. Pages call `useToast()(message)`.
import { Toast } from "@shopify/polaris";
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from "react";

type ShowToast = (message: string, opts?: { error?: boolean }) => void;

const ToastContext = createContext<ShowToast>(() => {});
const DemoContext = createContext(false);

/** True inside the demo frame (Polaris Frame), false inside Shopify admin (App Bridge). */
export function useIsDemo(): boolean {
  return useContext(DemoContext);
}

interface AppBridgeGlobal {
  shopify?: { toast?: { show: (message: string, opts?: { isError?: boolean }) => void } };
}

export function ToastProvider({ demo, children }: { demo: boolean; children: ReactNode }) {
  const [toast, setToast] = useState<{ message: string; error: boolean; key: number } | null>(null);
  const show = useCallback<ShowToast>(
    (message, opts) => {
      if (!demo) (window as AppBridgeGlobal).shopify?.toast?.show(message, { isError: opts?.error });
      else setToast({ message, error: opts?.error ?? false, key: Date.now() });
    },
    [demo],
  );
  const value = useMemo(() => show, [show]);
  return (
    <ToastContext.Provider value={value}>
      <DemoContext.Provider value={demo}>{children}</DemoContext.Provider>
      {toast ? (
        <Toast key={toast.key} content={toast.message} error={toast.error} onDismiss={() => setToast(null)} />
      ) : null}
    </ToastContext.Provider>
  );
}

export function useToast(): ShowToast {
  return useContext(ToastContext);
}
