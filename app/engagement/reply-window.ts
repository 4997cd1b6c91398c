// Shared by the server (linking replies) and the report page (explaining them): no server imports here.

/** How long after our message an unquoted inbound message still counts as its reply. */
export const REPLY_WINDOW_DAYS = 7;
