import { safeName } from './attachment-store';

describe('safeName', () => {
  it.each([
    ['maria@mentor.example notes.pdf', 'address-hidden_notes.pdf'],
    ['maria＠mentor.example.pdf', 'address-hidden.pdf'],
    ['CV (maria+jobs@mentor.example).docx', 'CV_address-hidden_.docx'],
    ['maria%40mentor.example.txt', 'address-hidden.txt'],
    ['maria@mentor.example.PDF', 'address-hidden.PDF'],
    ['invite m-abc@relay.localhost', 'invite_m-abc_relay.localhost'],
  ])('masks addresses before cleaning: %s', (name, expected) => {
    expect(safeName(name, 0, 'relay.localhost')).toBe(expected);
  });

  it('names a file without a name by its position', () => {
    expect(safeName(undefined, 2, 'relay.localhost')).toBe('attachment-3');
  });
});
