// Where the messages that confirm a change or tell a failure appear (change-notices.ts shows them).
import { Notifications } from '@mantine/notifications';
import classes from './ChangeMessages.module.css';

/**
 * At the top, just below the header. A dialog's buttons sit at its bottom, and a message at the bottom of the screen
 * covered them: Confirm, right after a card was saved from the plan dialog, stayed hidden for the message's six
 * seconds (on a phone a message is as wide as the screen). Below the header it never covers the workspace switcher,
 * the tabs or the profile menu either; over an open dialog it covers the top of its content for those seconds.
 */
export function ChangeMessages() {
  return <Notifications position="top-center" classNames={{ root: classes.root }} />;
}
