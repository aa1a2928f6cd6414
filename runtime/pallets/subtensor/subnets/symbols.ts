// Subnet token symbols (subtensor subnets/symbols.rs SYMBOLS, 439 entries, UTF-8 as hex): netuid i gets entry i;
// entry 0 ("Τ") is root's and the fallback.
export const SYMBOLS_HEX: readonly string[] = [
  'cea4', 'ceb1', 'ceb2', 'ceb3', 'ceb4', 'ceb5', 'ceb6', 'ceb7', 'ceb8', 'ceb9', 'ceba', 'cebb',
  'cebc', 'cebd', 'cebe', 'cebf', 'cf80', 'cf81', 'cf83', '74', 'cf85', 'cf86', 'cf87', 'cf88',
  'cf89', 'd790', 'd791', 'd792', 'd793', 'd794', 'd795', 'd796', 'd797', 'd798', 'd799', 'd79a',
  'd79b', 'd79c', 'd79d', 'd79e', 'd79f', 'd7a0', 'd7a1', 'd7a2', 'd7a3', 'd7a4', 'd7a5', 'd7a6',
  'd7a7', 'd7a8', 'd7a9', 'd7aa', 'd8a7', 'd8a8', 'd8aa', 'd8ab', 'd8ac', 'd8ad', 'd8ae', 'd8af',
  'd8b0', 'd8b1', 'd8b2', 'd8b3', 'd8b4', 'd8b5', 'd8b6', 'd8b7', 'd8b8', 'd8b9', 'd8ba', 'd981',
  'd982', 'd983', 'd984', 'd985', 'd986', 'd987', 'd988', 'd98a', 'd989', 'e19aa0', 'e19aa2', 'e19aa6',
  'e19aa8', 'e19ab1', 'e19ab3', 'd0ab', 'e19b89', 'e19b92', 'e19a80', 'e19a81', 'e19a82', 'e19a83', 'e19a84', 'e19a85',
  'e19a9b', 'e18390', 'e18391', 'e18392', 'e18393', 'e18394', 'e18395', 'd4b1', 'd4b2', 'd4b3', 'd4b4', 'd4b5',
  'd4b6', 'd59e', 'd080', 'd081', 'd082', 'd083', 'd084', 'd085', 'd18a', 'e2b280', 'e2b281', 'e2b282',
  'e2b283', 'e2b284', 'e2b285', 'f0918080', 'f0918081', 'f0918082', 'f0918083', 'f0918085', 'e0b6b1', 'e0b6b3', 'e0b6b4', 'e0b6b5',
  'e0b6b6', 'e0b6b7', 'e2b080', 'e2b081', 'e2b082', 'e2b083', 'e2b084', 'e2b085', 'e2b086', 'e2b087', 'e2b088', 'e2b089',
  'e2b08a', 'e2b08b', 'e2b08c', 'e2b08d', 'e2b08e', 'e2b08f', 'e2b090', 'e2b091', 'e2b092', 'e2b093', 'e2b094', 'e2b095',
  'e2b096', 'e2b097', 'e2b098', 'e2b099', 'e2b09a', 'e2b09b', 'e2b09c', 'e2b09d', 'e2b09e', 'e2b09f', 'e2b0a0', 'e0b881',
  'e0b882', 'e0b883', 'e0b884', 'e0b885', 'e0b886', 'e0b887', 'e0b888', 'e0b889', 'e0b88a', 'e0b88b', 'e0b88c', 'e0b88d',
  'e0b88e', 'e0b88f', 'e0b890', 'e0b891', 'e0b892', 'e0b893', 'e0b894', 'e0b895', 'e0b896', 'e0b897', 'e0b898', 'e0b899',
  'e0b89a', 'e0b89b', 'e0b89c', 'e0b89d', 'e0b89e', 'e0b89f', 'e0b8a0', 'e0b8a1', 'e0b8a2', 'e0b8a3', 'e0b8a5', 'e0b8a7',
  'e0b8a8', 'e0b8a9', 'e0b8aa', 'e0b8ab', 'e0b8ac', 'e0b8ad', 'e0b8ae', 'e384b1', 'e384b4', 'e384b7', 'e384b9', 'e38581',
  'e38582', 'e38585', 'e38587', 'e38588', 'e3858a', 'e3858b', 'e3858c', 'e3858d', 'e3858e', 'e3858f', 'e38590', 'e38591',
  'e38592', 'e38593', 'e38594', 'e38595', 'e38596', 'e38597', 'e38598', 'e38599', 'e3859a', 'e3859b', 'e3859c', 'e3859d',
  'e3859e', 'e3859f', 'e385a0', 'e385a1', 'e385a2', 'e385a3', 'e18aa0', 'e18aa1', 'e18aa2', 'e18aa3', 'e18aa4', 'e18aa5',
  'e18aa6', 'e18aa7', 'e18b88', 'e18b89', 'e18b8a', 'e18b8b', 'e18b8c', 'e18b8d', 'e18b8e', 'e18ab0', 'e18ab1', 'e18ab2',
  'e18ab3', 'e18ab4', 'e18ab5', 'e18ab6', 'e18c90', 'e18c91', 'e18c92', 'e18898', 'e18c94', 'e18c95', 'e18c96', 'e0a485',
  'e0a486', 'e0a487', 'e0a488', 'e0a489', 'e0a48a', 'e0a48b', 'e0a48f', 'e0a490', 'e0a493', 'e0a494', 'e0a495', 'e0a496',
  'e0a497', 'e0a498', 'e0a499', 'e0a49a', 'e0a49b', 'e0a49c', 'e0a49d', 'e0a49e', 'e0a49f', 'e0a4a0', 'e0a4a1', 'e0a4a2',
  'e0a4a3', 'e0a4a4', 'e0a4a5', 'e0a4a6', 'e0a4a7', 'e0a4a8', 'e0a4aa', 'e0a4ab', 'e0a4ac', 'e0a4ad', 'e0a4ae', 'e0a4af',
  'e0a4b0', 'e0a4b2', 'e0a4b5', 'e0a4b6', 'e0a4b7', 'e0a4b8', 'e0a4b9', 'e382a2', 'e382a4', 'e382a6', 'e382a8', 'e382aa',
  'e382ab', 'e382ad', 'e382af', 'e382b1', 'e382b3', 'e382b5', 'e382b7', 'e382b9', 'e382bb', 'e382bd', 'e382bf', 'e38381',
  'e38384', 'e38386', 'e38388', 'e3838a', 'e3838b', 'e3838c', 'e3838d', 'e3838e', 'e3838f', 'e38392', 'e38395', 'e38398',
  'e3839b', 'e3839e', 'e3839f', 'e383a0', 'e383a1', 'e383a2', 'e383a4', 'e383a6', 'e383a8', 'e383a9', 'e383aa', 'e383ab',
  'e383ac', 'e383ad', 'e383af', 'e383b2', 'e383b3', 'e2b4b0', 'e2b4b1', 'e2b4b2', 'e2b4b3', 'e2b4b4', 'e2b4b5', 'e2b4b6',
  'e2b4b7', 'e2b4b8', 'e2b4b9', 'e2b4ba', 'e2b4bb', 'e2b4bc', 'e2b4bd', 'e2b4be', 'e2b4bf', 'e2b580', 'e2b581', 'e2b582',
  'e2b583', 'e2b584', 'e2b585', 'e2b586', 'e2b587', 'e2b588', 'e2b589', 'e2b58a', 'e2b58b', 'e2b58c', 'e2b58d', 'e2b58e',
  'e2b58f', 'e2b590', 'e2b591', 'e2b592', 'e2b593', 'e0b685', 'e0b686', 'e0b689', 'e0b68a', 'e0b68b', 'e0b68c', 'e0b68d',
  'e0b68e', 'e0b68f', 'e0b690', 'e0b691', 'e0b692', 'e0b693', 'e0b694', 'e0b695', 'e0b696', 'e0b69a', 'e0b69b', 'e0b69c',
  'e0b69d', 'e0b69e', 'e0b6a0', 'e0b6a1', 'e0b6a2', 'e0b6a3', 'e0b6a4', 'e0b6a7', 'e0b6a5', 'e0b6a6', 'e0b6a9', 'e0b6a8',
  'e0b6aa', 'e0b6ab', 'e0b6ac', 'e0b6ad', 'e0b6ae', 'e0b6af', 'e0b6b0',
];

const fromHex = (h: string): Uint8Array => Uint8Array.from(h.match(/../g)!.map(b => parseInt(b, 16)));

/** `get_symbol_for_subnet`. */
export function symbolForSubnet(netuid: number): Uint8Array {
  return fromHex(SYMBOLS_HEX[netuid] ?? SYMBOLS_HEX[0]);
}

/** `get_next_available_symbol`: the netuid's own symbol if unused, else the first unused one after root's. */
export function nextAvailableSymbol(netuid: number, usedHex: ReadonlySet<string>): Uint8Array {
  const own = SYMBOLS_HEX[netuid] ?? SYMBOLS_HEX[0];
  if (!usedHex.has(own)) return fromHex(own);
  const free = SYMBOLS_HEX.slice(1).find(h => !usedHex.has(h));
  return fromHex(free ?? SYMBOLS_HEX[0]);
}
