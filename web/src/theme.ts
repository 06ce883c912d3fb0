// The page's Mantine theme, tuned so every text meets WCAG AA contrast (4.5:1): primary actions, links and the
// filled red of Cancel a shade darker than Mantine's default, tinted badges and coloured text darkened, and the
// dimmed helper text dark enough on white and on the light grey of cards. Dialogs and messages name their close button.
import {
  Anchor,
  Badge,
  type CSSVariablesResolver,
  createTheme,
  darken,
  type MantineTheme,
  Modal,
  Notification,
} from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'indigo',
  primaryShade: { light: 8, dark: 8 },
  defaultRadius: 'md',
  // Sentence-case badges ("Active", "Built-in") read calmer than Mantine's default capitals.
  components: {
    // A link inside a sentence is told from the text around it by its underline, not by colour alone.
    Anchor: Anchor.extend({ defaultProps: { underline: 'always' } }),
    Badge: Badge.extend({ defaultProps: { tt: 'none', fw: 600 } }),
    // A dialog's close button is named for screen readers; each dialog marks its first field `data-autofocus`.
    Modal: Modal.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Close dialog' } } }),
    Notification: Notification.extend({ defaultProps: { closeButtonProps: { 'aria-label': 'Dismiss message' } } }),
  },
});

/** Text on tinted backgrounds (light badges, alerts, avatars) and coloured text, readable at AA. */
export const readableColors: CSSVariablesResolver = (resolved: MantineTheme) => {
  const light: Record<string, string> = { '--mantine-color-dimmed': '#5c636a' };
  for (const [name, shades] of Object.entries(resolved.colors)) {
    light[`--mantine-color-${name}-light-color`] = darken(shades[9], 0.35);
    light[`--mantine-color-${name}-text`] = darken(shades[9], 0.2);
  }
  return { variables: {}, light, dark: {} };
};
