import { COMMAND_HELP, parseCommand } from '../commands/parse-command';

describe('the commands the welcome lists', () => {
  it('are each read as a command when alone on the first line of a reply', () => {
    for (const { example } of COMMAND_HELP) {
      expect(parseCommand(`${example}\n\nOn Monday, MentorMail wrote:\n> Welcome`)).not.toBeNull();
    }
  });
});
