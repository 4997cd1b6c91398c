// "/l/" without a ref: nothing to follow, the neutral page (a truncated message link).
import { neutralLinkPage } from "../engagement/neutral-page";

export const loader = () => neutralLinkPage();
