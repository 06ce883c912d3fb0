// Sign in or create an account with email and password (better-auth), then go where the user was headed.
import { Alert, Anchor, Button, Paper, PasswordInput, Stack, TextInput } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, type Page, type Workspace } from '../api.ts';
import { CenteredFrame } from '../layout/CenteredFrame.tsx';
import { errorInWords } from '../layout/change-notices.ts';
import { landingPath } from '../session.ts';

export function SignInPage({ mode }: { mode: 'sign-in' | 'sign-up' }) {
  const [params] = useSearchParams();
  const next = params.get('next');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [email, setEmail] = useState(params.get('email') ?? '');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const signUp = mode === 'sign-up';

  useEffect(() => {
    document.title = `${signUp ? 'Create account' : 'Sign in'} · Billfold`;
  }, [signUp]);

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      if (signUp) await api('POST', '/api/auth/sign-up/email', { name, email, password });
      else await api('POST', '/api/auth/sign-in/email', { email, password });
      // Drop everything cached while signed out (the null session above all) before entering the app.
      queryClient.clear();
      const workspaces = await api<Page<Workspace>>('GET', '/v1/workspaces?limit=100');
      navigate(landingPath(workspaces.data, next), { replace: true });
    } catch (e) {
      setError(errorInWords(e));
    } finally {
      setBusy(false);
    }
  }

  // Switching between sign-in and sign-up keeps where the user is headed and the address typed so far.
  const otherParams = new URLSearchParams();
  if (next) otherParams.set('next', next);
  if (email) otherParams.set('email', email);
  const otherLink = `${signUp ? '/sign-in' : '/sign-up'}${otherParams.size ? `?${otherParams}` : ''}`;
  return (
    <CenteredFrame
      title={signUp ? 'Create your Billfold account' : 'Sign in to Billfold'}
      subtitle={
        <>
          {signUp ? 'Already have an account? ' : 'No account yet? '}
          <Anchor component={Link} to={otherLink} size="sm">
            {signUp ? 'Sign in' : 'Create one'}
          </Anchor>
        </>
      }
    >
      <Paper withBorder shadow="xs" p={30} radius="md">
        <form onSubmit={submit}>
          <Stack>
            {signUp && (
              <TextInput
                label="Name"
                required
                autoComplete="name"
                value={name}
                onChange={(e) => setName(e.currentTarget.value)}
              />
            )}
            <TextInput
              label="Email"
              type="email"
              required
              autoComplete="email"
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
            />
            <PasswordInput
              label="Password"
              required
              minLength={8}
              autoComplete={signUp ? 'new-password' : 'current-password'}
              description={signUp ? 'At least 8 characters' : undefined}
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
            />
            {error && (
              <Alert color="red" role="alert" icon={<IconAlertCircle size={18} />} data-testid="auth-error">
                {error}
              </Alert>
            )}
            <Button type="submit" loading={busy} fullWidth>
              {signUp ? 'Create account' : 'Sign in'}
            </Button>
          </Stack>
        </form>
      </Paper>
    </CenteredFrame>
  );
}
