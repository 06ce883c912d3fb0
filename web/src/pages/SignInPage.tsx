// Sign in or create an account with email and password (better-auth), then go where the user was headed.
import { Alert, Anchor, Button, Container, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, type Page, type Workspace } from '../api.ts';
import { landingPath } from '../session.ts';

export function SignInPage({ mode }: { mode: 'sign-in' | 'sign-up' }) {
  const [params] = useSearchParams();
  const next = params.get('next');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const signUp = mode === 'sign-up';

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
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  }

  const otherMode = signUp ? '/sign-in' : '/sign-up';
  const otherLink = next ? `${otherMode}?next=${encodeURIComponent(next)}` : otherMode;
  return (
    <Container size={420} py={80}>
      <Title ta="center" order={2}>
        {signUp ? 'Create your Billfold account' : 'Sign in to Billfold'}
      </Title>
      <Text c="dimmed" size="sm" ta="center" mt={5}>
        {signUp ? 'Already have an account? ' : 'No account yet? '}
        <Anchor component={Link} to={otherLink} size="sm">
          {signUp ? 'Sign in' : 'Create one'}
        </Anchor>
      </Text>
      <Paper withBorder shadow="sm" p={30} mt={30} radius="md">
        <form onSubmit={submit}>
          <Stack>
            {signUp && (
              <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} />
            )}
            <TextInput
              label="Email"
              type="email"
              required
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
            />
            <PasswordInput
              label="Password"
              required
              minLength={8}
              description={signUp ? 'At least 8 characters' : undefined}
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
            />
            {error && (
              <Alert color="red" role="alert">
                {error}
              </Alert>
            )}
            <Button type="submit" loading={busy} fullWidth>
              {signUp ? 'Create account' : 'Sign in'}
            </Button>
          </Stack>
        </form>
      </Paper>
    </Container>
  );
}
