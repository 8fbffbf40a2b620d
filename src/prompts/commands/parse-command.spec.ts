import { DEFAULT_PAUSE_WEEKS, commandInSubject, parseCommand } from './parse-command';

describe('parseCommand', () => {
  it.each([
    ['#pause', 'pause', DEFAULT_PAUSE_WEEKS],
    ['#pause 3', 'pause', 3],
    ['#pause 3 weeks', 'pause', 3],
    ['#PAUSE 1 week.', 'pause', 1],
    ['  #pause   4  wks', 'pause', 4],
    ['#resume', 'resume', undefined],
    ['#skip!', 'skip', undefined],
    ['#swap', 'swap', undefined],
    ['#Swap.', 'swap', undefined],
    ['#Stop', 'stop', undefined],
    ['#help', 'help', undefined],
  ])('reads %j', (text, command, weeks) => {
    const parsed = parseCommand(text);
    expect(parsed?.command).toBe(command);
    expect(parsed?.weeks).toBe(weeks);
    expect(parsed?.rest).toBe('');
  });

  it.each([
    'please stop by on Friday',
    'Stop',
    'stop',
    'pause',
    '#stopwatch',
    '#stop by on Friday',
    '#pause for thought: here is my answer',
    '#pause 40 weeks',
    '#pause 0',
    '#skip 2',
    '#swap 2',
    '#swapped',
    'swap',
    '# stop',
    'I will #stop later',
    '#unsubscribe',
    'Re: #help',
  ])('leaves the near miss %j alone', (text) => {
    expect(parseCommand(text)).toBeNull();
  });

  it('reads #rematch with its whole reason, and leaves nothing to relay', () => {
    expect(parseCommand('#rematch: we never write\nHe is kind, but it does not fit.')).toEqual({
      command: 'rematch',
      rest: '',
      reason: 'we never write\nHe is kind, but it does not fit.',
    });
    expect(parseCommand('#Rematch')).toEqual({ command: 'rematch', rest: '', reason: '' });
    expect(parseCommand('#rematched is a word?')).toBeNull();
    expect(parseCommand('#continue')).toEqual({ command: 'continue', rest: '' });
  });

  it('only looks at the first non-empty line and keeps the rest for relaying', () => {
    expect(parseCommand('\n\n#skip\nThis week is busy, talk soon!\n')).toEqual({
      command: 'skip',
      rest: 'This week is busy, talk soon!',
    });
    expect(parseCommand('Hello!\n#stop')).toBeNull();
  });

  describe('commandInSubject', () => {
    it.each([
      ['#pause 2 weeks', '#pause 2 weeks'],
      ['  #STOP ', '#STOP'],
      ['#rematch', '#rematch'],
      ['unsubscribe', '#stop'],
      ['Unsubscribe', '#stop'],
    ])('reads the subject %j as %j', (subject, text) => {
      expect(commandInSubject(subject)).toBe(text);
    });

    it.each([
      null,
      '',
      'Re: #help',
      'pause',
      'unsubscribe me from the newsletter',
      '#pause for thought',
      'Re: Week 2',
    ])('leaves the subject %j alone', (subject) => {
      expect(commandInSubject(subject)).toBeNull();
    });
  });
});
