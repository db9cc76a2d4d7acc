package wire

// The fast decoder's part for the counter and attribute notices that Event
// 6 tips carry (decodeTip and decodeGroupNew call these).

var (
	counterNoticeFields = jsonNames[CounterNotice]()
	counterFields       = jsonNames[Counter]()
	attrOptionFields    = jsonNames[GroupAttrOption]()
	attrChangeFields    = jsonNames[AttrChange]()
)

func decodeCounterNotice(d *dec, n *CounterNotice) {
	decodeStruct(d, n, counterNoticeFields, func(d *dec, k string, n *CounterNotice) bool {
		switch k {
		case "Type":
			d.setInt(&n.Type)
		case "GroupCounterSeq":
			d.setUint64(&n.GroupCounterSeq)
		case "GroupCounter":
			n.GroupCounter = arrayOf(d, nil, decodeCounter)
		default:
			return false
		}
		return true
	})
}

func decodeCounter(d *dec, c *Counter) {
	decodeStruct(d, c, counterFields, func(d *dec, k string, c *Counter) bool {
		switch k {
		case "Key":
			d.setStr(&c.Key)
		case "Value":
			d.setInt64(&c.Value)
		default:
			return false
		}
		return true
	})
}

// decodeAttrOption reads a GroupAttrOption or null into *p.
func decodeAttrOption(d *dec, p **GroupAttrOption) {
	if d.peek() == 'n' {
		d.null()
		*p = nil
		return
	}
	o := new(GroupAttrOption)
	*p = o
	decodeStruct(d, o, attrOptionFields, func(d *dec, k string, o *GroupAttrOption) bool {
		switch k {
		case "GroupAttrSeq":
			d.setUint64(&o.GroupAttrSeq)
		case "PushChangedAttrValFlag":
			d.setInt(&o.PushChangedAttrValFlag)
		case "OpType":
			d.setInt(&o.OpType)
		case "GroupAttrInfo":
			o.GroupAttrInfo = arrayOf(d, nil, decodeAttrChange)
		default:
			return false
		}
		return true
	})
}

func decodeAttrChange(d *dec, c *AttrChange) {
	decodeStruct(d, c, attrChangeFields, func(d *dec, k string, c *AttrChange) bool {
		switch k {
		case "Key":
			d.setStr(&c.Key)
		case "Val":
			d.setStr(&c.Val)
		case "SubKeySeq":
			d.setUint64(&c.SubKeySeq)
		default:
			return false
		}
		return true
	})
}
