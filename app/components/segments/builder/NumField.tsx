// A numeric text field: type="text" with a decimal keyboard, so out-of-range values reach our validation and show
// as an inline error under the field rather than as the browser's own tooltip.
import { TextField } from "@shopify/polaris";

export function NumField(props: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
  suffix?: string;
  prefix?: string;
  help?: string;
  placeholder?: string;
}) {
  return (
    <TextField
      label={props.label}
      type="text"
      inputMode="decimal"
      value={props.value}
      onChange={props.onChange}
      autoComplete="off"
      suffix={props.suffix}
      prefix={props.prefix}
      helpText={props.help}
      placeholder={props.placeholder}
      error={props.error}
    />
  );
}
