import { parseURI, serializeURI } from '@voip/sip-parser';

/**
 * The Replaces value for a dialog as its peer sees it: our dialog's remote tag is the peer's local tag (`to-tag`).
 * @param dialog - the call-id and tags of our side of the dialog
 * @returns e.g. `abc@host;to-tag=peer;from-tag=us`
 * @see RFC 3891 §6.1
 */
export function replacesFor(dialog: { readonly callId: string; readonly localTag: string; readonly remoteTag: string }): string {
  return `${dialog.callId};to-tag=${dialog.remoteTag};from-tag=${dialog.localTag}`;
}

/**
 * A Refer-To value for an attended transfer: `target` with a `Replaces` URI header naming `dialog`, so the party
 * receiving the REFER sends an INVITE that replaces that dialog at its peer.
 * @param target - the SIP URI of the party to transfer to (the peer of `dialog`)
 * @param dialog - our dialog with that party (the consultation call)
 * @returns the Refer-To header value, `<sip:…?Replaces=…>`
 * @throws {@link SIPParseError} when `target` is not a URI
 * @see RFC 3515 §2.1; RFC 3891 §3; RFC 5589 §7 (attended transfer)
 */
export function referToWithReplaces(target: string, dialog: { readonly callId: string; readonly localTag: string; readonly remoteTag: string }): string {
  const uri = parseURI(target);
  return `<${serializeURI({ ...uri, headers: { ...uri.headers, Replaces: replacesFor(dialog) } })}>`;
}
