/** One line a person reads for each reason, Chinese first. The switch is exhaustive: a new reason must be worded here. */
import { assertNever, type Reason } from '../src/verify.js';

export function reasonText(reason: Reason): string {
  switch (reason) {
    case 'OK': return '通过（绿码）/ Accepted (green)';
    case 'YELLOW': return '黄码：请到单管采样通道 / Yellow: send to the single-tube lane';
    case 'RED': return '红码：请到单管采样通道 / Red: send to the single-tube lane';
    case 'NOT_YMT': return '不是健康码（可能是试管条码或网址）/ Not a health code (a tube label or a link?)';
    case 'MALFORMED': return '码已损坏或读错，请重新扫描 / Damaged or misread code: scan again';
    case 'TRUST_LIST_EXPIRED': return '信任列表已过期，请联系主管更新 / Trust list expired: ask a supervisor to update it';
    case 'UNKNOWN_KEY': return '签发机构未知，码不可信 / Unknown issuer: the code is not trusted';
    case 'BAD_SIGNATURE': return '签名无效，可能是伪造码 / Invalid signature: possibly forged';
    case 'KEY_NOT_VALID': return '签发密钥对此码无效 / The issuing key is not valid for this code';
    case 'INVALID_VALIDITY': return '有效期不合规 / The code\'s validity period is not allowed';
    case 'NOT_YET_VALID': return '码尚未生效，请检查本机时间 / Not yet valid: check the kiosk clock';
    case 'EXPIRED': return '码已过期，请刷新或重新打印 / Expired: refresh the code or print a new one';
    case 'BAD_ID': return '身份证号无效 / Invalid resident ID number';
    case 'AGE_RULE': return '亲属码仅限0–16岁及60岁以上 / Kin codes are for ages 0–16 and 60+';
    case 'REVOKED': return '码已被撤销（已解绑）/ Revoked (the binding was removed)';
    case 'KIN_NOT_ACCEPTED': return '交通场站不接受亲属码 / Kin codes are not accepted at transport hubs';
    default: return assertNever(reason);
  }
}
