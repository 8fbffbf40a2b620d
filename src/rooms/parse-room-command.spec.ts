import { parseRoomCommand, readRsvp, topicKey } from './parse-room-command';

describe('parseRoomCommand', () => {
  it('reads #join and #leave with a topic as people write it', () => {
    expect(parseRoomCommand('#join getting into tech')).toEqual({
      command: 'join',
      topic: 'getting into tech',
    });
    expect(parseRoomCommand('\n #JOIN  "Getting into Tech".\nthanks')).toEqual({
      command: 'join',
      topic: 'getting into tech',
    });
    expect(parseRoomCommand('#leave: applying to university!')).toEqual({
      command: 'leave',
      topic: 'applying to university',
    });
  });

  it('takes #leave alone (a room reply) but not #join alone, nor prose', () => {
    expect(parseRoomCommand('#leave')).toEqual({ command: 'leave', topic: null });
    expect(parseRoomCommand('#join')).toBeNull();
    expect(parseRoomCommand('I want to #join tech')).toBeNull();
    expect(parseRoomCommand('#joined tech')).toBeNull();
  });
});

describe('topicKey', () => {
  it('folds case, accents and punctuation into words', () => {
    expect(topicKey('  Études & Café!! ')).toBe('etudes cafe');
  });
});

describe('readRsvp', () => {
  it('reads yes or no on the first line, else a calendar answer in the subject', () => {
    expect(readRsvp('Yes, see you there', 'Re: call')).toBe('yes');
    expect(readRsvp("\n\nsorry, can't make it", null)).toBe('no');
    expect(readRsvp('no.', null)).toBe('no');
    expect(readRsvp('', 'Accepted: Getting into tech call')).toBe('yes');
    expect(readRsvp('', 'Declined: Getting into tech call')).toBe('no');
    expect(readRsvp('maybe? what time is it', 'Re: call')).toBeNull();
    expect(readRsvp('nothing', 'Re: yes')).toBeNull();
  });
});
