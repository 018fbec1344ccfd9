// Sign in with email and password; the API's problem detail (wrong password, 429 with the wait)
// is shown as it is, in an alert region.
import { useState } from "preact/hooks";
import { api, ApiError } from "../api/client";
import type { SessionUser } from "../api/model";

/** `embedded`: inside the session-ended dialog, so no page landmark or page heading of its own. */
export function SignIn(props: { onSignedIn: (user: SessionUser) => void; notice?: string; embedded?: boolean }) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError("");
    try {
      const res = await api<{ user: SessionUser }>("POST", "/session", { body: { email, password }, quiet401: true });
      props.onSignedIn(res.user);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
      setPassword("");
    } finally {
      setBusy(false);
    }
  };

  const Wrapper = props.embedded ? "div" : "main";
  return (
    <Wrapper class="sign-in" id={props.embedded ? undefined : "main"}>
      <form onSubmit={submit} aria-label="Sign in">
        {!props.embedded && <h1>Copydesk</h1>}
        {!props.embedded && <p class="muted">Sign in to the newsroom.</p>}
        {props.notice && <p class="notice">{props.notice}</p>}
        <label for="email">Email</label>
        <input id="email" type="email" autocomplete="username" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
        <label for="password">Password</label>
        <input
          id="password"
          type="password"
          autocomplete="current-password"
          required
          value={password}
          onInput={(e) => setPassword(e.currentTarget.value)}
        />
        {error && (
          <p class="error-note" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="primary" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </Wrapper>
  );
}
