import { parseCircleCommand } from './parse-circle-command';

describe('parseCircleCommand', () => {
  it('reads #leave alone, and a #mute or #unmute with a name', () => {
    expect(parseCircleCommand('#leave')).toEqual({ command: 'leave' });
    expect(parseCircleCommand('\n  #Leave.\nthanks all')).toEqual({ command: 'leave' });
    expect(parseCircleCommand('#mute Dana Novak!')).toEqual({ command: 'mute', name: 'Dana Novak' });
    expect(parseCircleCommand('#unmute   dana')).toEqual({ command: 'unmute', name: 'dana' });
  });

  it('leaves prose, a topic (#leave <topic> is for rooms) and a bare #mute alone', () => {
    expect(parseCircleCommand('I will #leave soon')).toBeNull();
    expect(parseCircleCommand('#leave getting into tech')).toBeNull();
    expect(parseCircleCommand('#mute')).toBeNull();
    expect(parseCircleCommand('')).toBeNull();
  });
});
