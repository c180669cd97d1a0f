/** The result line of a form on the options page: an error or a success, announced politely. */
export function StatusMessage({ message }: { message: { text: string; error?: boolean } | null | undefined }) {
  return message ? (
    <p class={message.error ? 'error' : 'ok'} role="status">
      {message.text}
    </p>
  ) : null;
}
