import { parseBuyerKeyword } from './keywords.js';

describe('parseBuyerKeyword', () => {
  it.each([
    ['STOP', 'opt_out'],
    ['stop', 'opt_out'],
    ['Stop!', 'opt_out'],
    [' STOPALL ', 'opt_out'],
    ['Unsubscribe.', 'opt_out'],
    ['CANCEL', 'opt_out'],
    ['end', 'opt_out'],
    ['QUIT', 'opt_out'],
    ['T', 'opt_out'],
    ['t d', 'opt_out'],
    ['TD.', 'opt_out'],
    ['ＴＤ', 'opt_out'],
    ['N', 'opt_out'],
    ['r', 'opt_out'],
    ['reply TD', 'opt_out'],
    ['Reply: STOP', 'opt_out'],
    ['退订', 'opt_out'],
    ['回复退订', 'opt_out'],
    ['回复 TD', 'opt_out'],
    ['取消。', 'opt_out'],
    ['拒收', 'opt_out'],
    ['START', 'opt_in'],
    ['unstop', 'opt_in'],
    ['EXTEND', 'extend'],
    ['keep', 'extend'],
    ['延长', 'extend'],
    ['HELP', 'help'],
    ['帮助', 'help'],
  ])('%s is %s', (body, keyword) => {
    expect(parseBuyerKeyword(body)).toBe(keyword);
  });

  it.each([
    '',
    'Please stop by at 5',
    'Stop the delivery, I am not home',
    'The end of the street',
    'Thanks',
    'TDD',
    '退订单',
    'helpful',
  ])('"%s" is an ordinary message', (body) => {
    expect(parseBuyerKeyword(body)).toBeNull();
  });
});
